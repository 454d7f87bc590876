/**
 * What every ingest run shares: resolve the pseudonym key, open the warehouse,
 * create the landing schema, build the loader. Kafka and file ingest both start here.
 */
import { availableParallelism } from "node:os";
import { openWarehouse, type Warehouse } from "../core/duckdb.js";
import { BatchLoader } from "./batch-loader.js";
import { sealPlaintextDeadLetters } from "./dead-letter-migration.js";
import { DeadLetterQuarantine } from "./dead-letter-quarantine.js";
import { configuredPoolSize } from "./decode-pool.js";
import { ensureLandingSchema } from "./landing-schema.js";
import { Pseudonymiser, type PseudonymKey, resolvePseudonymKey } from "./pseudonymise.js";

export interface IngestSession {
  warehouse: Warehouse;
  loader: BatchLoader;
  key: PseudonymKey;
  /** Dead letters an older version stored in clear, sealed as this session opened. */
  sealedDeadLetters: number;
  close(): void;
}

export async function openIngestSession(
  warehousePath: string,
  demo: boolean,
  keyFile?: string,
): Promise<IngestSession> {
  // Refuse before touching the warehouse: no key, no ingest.
  const key = resolvePseudonymKey(demo, { keyFile });
  // Checkpointing every 16 MB of WAL (DuckDB's default) took ~40% of load time in the bench;
  // a larger WAL checkpoints less often at the cost of a longer replay after a crash.
  // DuckDB's threads share the cores with the decode workers: what ingest asks of DuckDB (appends,
  // commits) runs on one thread anyway, and on 2 cores a second DuckDB thread beside the worker cost
  // ~13% more CPU for the same load (BENCHMARKS.md, Ingest).
  const warehouse = await openWarehouse(warehousePath, {
    memoryLimit: "256MB",
    checkpointThreshold: "256MB",
    threads: Math.max(1, availableParallelism() - configuredPoolSize()),
  });
  try {
    await ensureLandingSchema(warehouse.connection);
    const pseudonymiser = new Pseudonymiser(key.key);
    // The real key is at hand here (unlike some BatchLoader users): seal what an older version left in clear.
    const sealedDeadLetters = await sealPlaintextDeadLetters(
      warehouse.connection,
      DeadLetterQuarantine.fromPseudonymiser(pseudonymiser),
    );
    const loader = await BatchLoader.open(warehouse.connection, pseudonymiser);
    const close = () => {
      loader.close();
      warehouse.close();
    };
    return { warehouse, loader, key, sealedDeadLetters, close };
  } catch (error) {
    warehouse.close();
    throw error;
  }
}
