/** One input record, from Kafka or a file line, as the batch loader sees it. */
export interface SourceMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  headers: Record<string, unknown> | undefined;
  value: Buffer | null;
}

/** "topic|partition", the key for per-partition maps. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}|${partition}`;
}
