/**
 * What every ingest run shares: resolve the pseudonym key, open the warehouse,
 * create the landing schema, build the loader. Kafka and file ingest both start here.
 */
import { availableParallelism } from "node:os";
import { openDuckDbFile, type Warehouse } from "../core/duckdb.js";
import { BatchLoader, type BatchLoaderOptions } from "./batch-loader.js";
import { sealPlaintextDeadLetters } from "./dead-letter-migration.js";
import { DeadLetterQuarantine } from "./dead-letter-quarantine.js";
import { defaultPoolSize } from "./decode-pool.js";
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

/**
 * The loader on an open warehouse connection, as every ingest run starts (the CLI, the demo and the
 * scheduler's refresh): the landing schema ensured, and dead letters an older version stored in
 * clear sealed, since the real key is at hand here (unlike some BatchLoader users).
 */
export async function openLoader(
  connection: Warehouse["connection"],
  pseudonymiser: Pseudonymiser,
  options: BatchLoaderOptions = {},
): Promise<{ loader: BatchLoader; sealedDeadLetters: number }> {
  await ensureLandingSchema(connection);
  const sealedDeadLetters = await sealPlaintextDeadLetters(
    connection,
    DeadLetterQuarantine.fromPseudonymiser(pseudonymiser),
  );
  return { loader: await BatchLoader.open(connection, pseudonymiser, options), sealedDeadLetters };
}

export async function openIngestSession(
  warehousePath: string,
  demo: boolean,
  keyFile?: string,
  loaderOptions: BatchLoaderOptions = {},
): Promise<IngestSession> {
  // Refuse before touching the warehouse: no key, no ingest.
  const key = resolvePseudonymKey(demo, { keyFile });
  // Checkpointing every 16 MB of WAL (DuckDB's default) took ~40% of load time in the bench;
  // a larger WAL checkpoints less often at the cost of a longer replay after a crash.
  // DuckDB's threads share the cores with the decode workers: what ingest asks of DuckDB (appends,
  // commits) runs on one thread anyway, and on 2 cores a second DuckDB thread beside the worker cost
  // ~13% more CPU for the same load (BENCHMARKS.md, Ingest).
  const warehouse = await openDuckDbFile(warehousePath, {
    memoryLimit: "256MB",
    checkpointThreshold: "256MB",
    threads: Math.max(1, availableParallelism() - (loaderOptions.decodeWorkers ?? defaultPoolSize())),
  });
  try {
    const { loader, sealedDeadLetters } = await openLoader(
      warehouse.connection,
      new Pseudonymiser(key.key),
      loaderOptions,
    );
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
