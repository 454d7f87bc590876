/**
 * Every `ohwb` subcommand: its name, its one line for `ohwb --help`, and how to
 * load it. Loading is lazy (each module and its dependencies are imported only
 * when that command runs), so `ohwb --help` does not pay for DuckDB, kafkajs and
 * the browser.
 */
import type { Command } from "./command.js";

export interface CommandEntry {
  name: string;
  /** One line for `ohwb --help`. */
  summary: string;
  load(): Promise<Command>;
}

export const commandIndex: readonly CommandEntry[] = [
  {
    name: "broker",
    summary: "Run the local Apache Kafka broker (KRaft) for development",
    load: async () => (await import("./commands/broker.js")).brokerCommand,
  },
  {
    name: "contracts",
    summary: "Export event contracts as JSON Schema, AsyncAPI and a catalogue (or --check they are current)",
    load: async () => (await import("./commands/contracts.js")).contractsCommand,
  },
  {
    name: "ingest",
    summary: "Load events from Kafka (or an NDJSON file) into the warehouse, exactly once",
    load: async () => (await import("./commands/ingest.js")).ingestCommand,
  },
  {
    name: "status",
    summary: "Show ingest progress: warehouse offsets vs high-water marks, dead letters, last load",
    load: async () => (await import("./commands/status.js")).statusCommand,
  },
  {
    name: "dead-letters",
    summary: "List refused messages, or export their sealed originals for replay (needs the key)",
    load: async () => (await import("./commands/dead-letters.js")).deadLettersCommand,
  },
  {
    name: "import",
    summary:
      "Import reference data (nhs-absence: NHS England benchmarking CSVs; nhs-reasons: national absence by reason)",
    load: async () => (await import("./commands/import.js")).importCommand,
  },
  {
    name: "transform",
    summary: "Build the staging, dimension, fact and mart tables from the landing tables",
    load: async () => (await import("./commands/transform.js")).transformCommand,
  },
  {
    name: "check",
    summary: "Run the data tests against a built warehouse (non-zero exit on failure)",
    load: async () => (await import("./commands/check.js")).checkCommand,
  },
  {
    name: "generate",
    summary: "Generate deterministic synthetic OHWB events (to Kafka or an NDJSON file)",
    load: async () => (await import("./commands/generate.js")).generateCommand,
  },
  {
    name: "dashboards",
    summary: "Build the static sickness absence dashboard site (works offline from file://)",
    load: async () => (await import("./commands/dashboards.js")).dashboardsCommand,
  },
  {
    name: "query",
    summary: "Run read-only analyst SQL over the marts and dimensions (table, CSV, JSON or Arrow)",
    load: async () => (await import("./commands/query.js")).queryCommand,
  },
  {
    name: "export",
    summary:
      "Export the marts and dimensions as Parquet (by month), CSV or Arrow for Power BI, Excel, Python and R",
    load: async () => (await import("./commands/export.js")).exportCommand,
  },
  {
    name: "pack",
    summary: "Build a quarterly evidence pack (PDF + HTML + charts + CSVs + manifest)",
    load: async () => (await import("./commands/pack.js")).packCommand,
  },
  {
    name: "schedule",
    summary: "Run the refresh and quarterly pack jobs on their cron schedules (with a run ledger)",
    load: async () => (await import("./commands/schedule.js")).scheduleCommand,
  },
  {
    name: "demo",
    summary: "Run the whole pipeline on synthetic data and build the dashboards (one command)",
    load: async () => (await import("./commands/demo.js")).demoCommand,
  },
  {
    name: "config",
    summary: "Show the effective configuration, or write/check its JSON Schema",
    load: async () => (await import("./commands/config.js")).configCommand,
  },
];
