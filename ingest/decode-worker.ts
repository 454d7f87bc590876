/**
 * A decode worker thread (see `decode-pool.ts`): prepares packed message values
 * with the same `prepareEvent` as the loader's thread. The pseudonym key arrives
 * in workerData, in memory only.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type PackedValues, packedValue, prepareColumns } from "./prepared-columns.js";
import { Pseudonymiser } from "./pseudonymise.js";

export interface DecodeJob {
  id: number;
  packed: PackedValues;
}

const port = parentPort;
if (!port) throw new Error("decode-worker.js runs as a worker thread only");
const pseudonymiser = new Pseudonymiser((workerData as { key: string }).key);

port.on("message", (job: DecodeJob) => {
  try {
    const columns = prepareColumns(
      job.packed.spans.length / 2,
      (i) => packedValue(job.packed, i),
      pseudonymiser,
    );
    port.postMessage({ id: job.id, columns }, [
      columns.refused.buffer,
      columns.schemaVersion.buffer,
      columns.occurredMs.buffer,
    ]);
  } catch (error) {
    port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
