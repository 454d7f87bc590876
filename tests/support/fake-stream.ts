/** A stand-in for process.stderr that keeps what is written (a terminal or a pipe), for the logger's tests. */
export function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; chunks: string[] } {
  const chunks: string[] = [];
  const stream = { isTTY, write: (chunk: string) => chunks.push(chunk) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, chunks };
}
