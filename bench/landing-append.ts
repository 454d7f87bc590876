/**
 * How prepared rows reach the landing tables (issue 18), the same 100,000
 * rows [count] into a fresh warehouse file per run, committed, five ways:
 *   appender  — DuckDBAppender, one native call per value (the code before issue 18);
 *   chunks    — DuckDBDataChunk filled column by column, appendDataChunk per 2,048 rows,
 *               for the raw table and event_index alike;
 *   json      — each row as one JSON line, all lines as one value, projected with json_transform;
 *   split     — each column as one newline-joined value, split and cast by SQL
 *               (what ingest used from issue 18's first pass);
 *   ingest    — `ingest/landing-insert.ts` as it is: data chunks for the raw table,
 *               event_index's two varying columns split in SQL.
 * Each is run three times, in rotation; prints the median wall time and how
 * long the JavaScript thread was busy (event-loop utilisation): DuckDB works on
 * its own threads, the JavaScript thread also has to run kafkajs), and the
 * process's CPU time (all threads: what the decode workers compete with on 2 cores).
 * Run: `npm run build && node dist/bench/landing-append.js [count]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  BIGINT,
  type DuckDBConnection,
  DuckDBDataChunk,
  INTEGER,
  TIMESTAMPTZ,
  timestampTZValue,
  VARCHAR,
} from "@duckdb/node-api";
import { openDuckDbFile } from "../core/duckdb.js";
import { insertRawRows } from "../ingest/landing-insert.js";
import { ensureLandingSchema } from "../ingest/landing-schema.js";
import { type PreparedColumns, prepareColumns } from "../ingest/prepared-columns.js";
import { Pseudonymiser } from "../ingest/pseudonymise.js";
import type { SourceMessage } from "../ingest/source-message.js";
import { immunisationEvent } from "../tests/ingest/event-factory.js";

const count = Number(process.argv[2] ?? 100_000);
const TABLE = "raw_ohwb_immunisation_administered";

const messages: SourceMessage[] = Array.from({ length: count }, (_, n) => ({
  topic: "bench.landing",
  partition: n % 32,
  offset: BigInt(Math.floor(n / 32)),
  key: null,
  headers: undefined,
  value: Buffer.from(JSON.stringify(immunisationEvent("landing", n).event)),
}));
const columns = prepareColumns(
  count,
  (i) => (messages[i] as SourceMessage).value,
  new Pseudonymiser("k".repeat(40)),
);
const rows = Array.from({ length: count }, (_, i) => i);
const ingestedAt = BigInt(Date.now()) * 1000n;

type Strategy = (connection: DuckDBConnection, c: PreparedColumns) => Promise<void>;

const str = (values: (string | null)[], i: number) => values[i] ?? null;

const appender: Strategy = async (connection, c) => {
  const a = await connection.createAppender(TABLE);
  const at = timestampTZValue(ingestedAt);
  for (const i of rows) {
    const m = messages[i] as SourceMessage;
    a.appendVarchar(c.eventId[i] as string);
    a.appendVarchar(c.eventType[i] as string);
    a.appendInteger(c.schemaVersion[i] as number);
    a.appendTimestampTZ(timestampTZValue(BigInt(c.occurredMs[i] as number) * 1000n));
    const org = str(c.orgCode, i);
    if (org === null) a.appendNull();
    else a.appendVarchar(org);
    const source = str(c.sourceSystem, i);
    if (source === null) a.appendNull();
    else a.appendVarchar(source);
    a.appendVarchar(c.payload[i] as string);
    a.appendVarchar(c.hash[i] as string);
    a.appendVarchar(m.topic);
    a.appendInteger(m.partition);
    a.appendBigInt(m.offset);
    a.appendTimestampTZ(at);
    a.endRow();
  }
  a.flushSync();
  a.closeSync();
  const index = await connection.createAppender("event_index");
  for (const i of rows) {
    index.appendVarchar(c.eventId[i] as string);
    index.appendVarchar(c.hash[i] as string);
    index.appendVarchar(TABLE);
    index.endRow();
  }
  index.flushSync();
  index.closeSync();
};

const chunks: Strategy = async (connection, c) => {
  const types = [
    VARCHAR,
    VARCHAR,
    INTEGER,
    TIMESTAMPTZ,
    VARCHAR,
    VARCHAR,
    VARCHAR,
    VARCHAR,
    VARCHAR,
    INTEGER,
    BIGINT,
    TIMESTAMPTZ,
  ];
  const raw = await connection.createAppender(TABLE);
  const index = await connection.createAppender("event_index");
  const at = timestampTZValue(ingestedAt);
  for (let from = 0; from < count; from += 2048) {
    const part = rows.slice(from, from + 2048);
    const m = (i: number) => messages[i] as SourceMessage;
    const chunk = DuckDBDataChunk.create(types, part.length);
    chunk.setColumns([
      part.map((i) => c.eventId[i] as string),
      part.map((i) => c.eventType[i] as string),
      part.map((i) => c.schemaVersion[i] as number),
      part.map((i) => timestampTZValue(BigInt(c.occurredMs[i] as number) * 1000n)),
      part.map((i) => str(c.orgCode, i)),
      part.map((i) => str(c.sourceSystem, i)),
      part.map((i) => c.payload[i] as string),
      part.map((i) => c.hash[i] as string),
      part.map((i) => m(i).topic),
      part.map((i) => m(i).partition),
      part.map((i) => m(i).offset),
      part.map(() => at),
    ]);
    raw.appendDataChunk(chunk);
    const indexChunk = DuckDBDataChunk.create([VARCHAR, VARCHAR, VARCHAR], part.length);
    indexChunk.setColumns([
      part.map((i) => c.eventId[i] as string),
      part.map((i) => c.hash[i] as string),
      part.map(() => TABLE),
    ]);
    index.appendDataChunk(indexChunk);
  }
  raw.flushSync();
  raw.closeSync();
  index.flushSync();
  index.closeSync();
};

const json: Strategy = async (connection, c) => {
  const lines = rows.map((i) => {
    const m = messages[i] as SourceMessage;
    return JSON.stringify({
      id: c.eventId[i],
      ty: c.eventType[i],
      v: c.schemaVersion[i],
      t: c.occurredMs[i],
      org: str(c.orgCode, i),
      src: str(c.sourceSystem, i),
      h: c.hash[i],
      p: m.partition,
      o: Number(m.offset),
    }).replace(/}$/, `,"payload":${c.payload[i]}}`);
  });
  await connection.run(
    `CREATE TEMP TABLE stage AS SELECT json_transform(line, '{"id":"VARCHAR","ty":"VARCHAR","v":"INTEGER","t":"BIGINT","org":"VARCHAR","src":"VARCHAR","h":"VARCHAR","p":"INTEGER","o":"BIGINT","payload":"JSON"}') AS j
     FROM (SELECT unnest(string_split($1::VARCHAR, chr(10))) AS line)`,
    [lines.join("\n")],
  );
  await connection.run(
    `INSERT INTO ${TABLE} SELECT j.id, j.ty, j.v, make_timestamptz(j.t * 1000), j.org, j.src, j.payload, j.h,
       'bench.landing', j.p, j.o, make_timestamptz($1::BIGINT) FROM stage`,
    [ingestedAt],
  );
  await connection.run(`INSERT INTO event_index SELECT j.id, j.h, '${TABLE}' FROM stage`);
  await connection.run("DROP TABLE stage");
};

const NULL_MARK = "\x01";
const cut = (param: number) => `unnest(string_split($${param}::VARCHAR, chr(10)))`;

const split: Strategy = async (connection, c) => {
  const text = (values: readonly (string | number | bigint | null | undefined)[]) =>
    values.map((v) => (v === null || v === undefined ? NULL_MARK : String(v))).join("\n");
  const params = [
    text(rows.map((i) => c.eventId[i])),
    text(rows.map((i) => c.eventType[i])),
    text(rows.map((i) => c.schemaVersion[i])),
    text(rows.map((i) => c.occurredMs[i])),
    text(rows.map((i) => c.orgCode[i])),
    text(rows.map((i) => c.sourceSystem[i])),
    text(rows.map((i) => c.payload[i])),
    text(rows.map((i) => c.hash[i])),
    text(rows.map((i) => (messages[i] as SourceMessage).partition)),
    text(rows.map((i) => (messages[i] as SourceMessage).offset)),
    ingestedAt,
  ];
  await connection.run(
    `INSERT INTO ${TABLE} SELECT event_id, event_type, schema_version::INTEGER, make_timestamptz(occurred_ms::BIGINT * 1000),
       nullif(org_code, chr(1)), nullif(source_system, chr(1)), payload, content_hash,
       'bench.landing', "partition"::INTEGER, "offset"::BIGINT, make_timestamptz($11::BIGINT)
     FROM (SELECT ${cut(1)} AS event_id, ${cut(2)} AS event_type, ${cut(3)} AS schema_version,
       ${cut(4)} AS occurred_ms, ${cut(5)} AS org_code, ${cut(6)} AS source_system,
       ${cut(7)} AS payload, ${cut(8)} AS content_hash, ${cut(9)} AS "partition", ${cut(10)} AS "offset")`,
    params,
  );
  await connection.run(`INSERT INTO event_index SELECT ${cut(1)}, ${cut(2)}, '${TABLE}'`, [
    params[0] as string,
    params[7] as string,
  ]);
};

const ingest: Strategy = (connection, c) => insertRawRows(connection, TABLE, c, messages, rows, ingestedAt);

async function once(
  dir: string,
  name: string,
  strategy: Strategy,
  run: number,
): Promise<{ wall: number; busy: number; cpu: number }> {
  const wh = await openDuckDbFile(join(dir, `${name}-${run}.duckdb`), {
    memoryLimit: "256MB",
    checkpointThreshold: "256MB",
  });
  try {
    await ensureLandingSchema(wh.connection);
    const started = performance.now();
    const elu = performance.eventLoopUtilization();
    const cpuStart = process.cpuUsage();
    await wh.connection.run("BEGIN TRANSACTION");
    await strategy(wh.connection, columns);
    await wh.connection.run("COMMIT");
    const wall = performance.now() - started;
    const busy = performance.eventLoopUtilization(elu).active;
    const used = process.cpuUsage(cpuStart);
    const cpu = (used.user + used.system) / 1000;
    const check = await wh.connection.runAndReadAll(
      `SELECT count(*), count(DISTINCT payload->>'staff_id'), sum("offset") FROM ${TABLE}`,
    );
    const [n, staff] = check.getRowsJS()[0] as [bigint, bigint];
    if (Number(n) !== count || Number(staff) < 2)
      throw new Error(`${name}: landed ${n} rows (${staff} staff)`);
    return { wall, busy, cpu };
  } finally {
    wh.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-landing-"));
  const strategies: [string, Strategy][] = [
    ["appender", appender],
    ["chunks", chunks],
    ["json", json],
    ["split", split],
    ["ingest", ingest],
  ];
  const results = new Map<string, { wall: number; busy: number; cpu: number }[]>();
  try {
    for (let run = 0; run < 3; run++)
      for (const [name, strategy] of strategies) {
        const list = results.get(name) ?? [];
        list.push(await once(dir, name, strategy, run));
        results.set(name, list);
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `${count} rows into ${TABLE} + event_index, committed; ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}\n`,
  );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
  const splitWall = median((results.get("split") ?? []).map((r) => r.wall));
  for (const [name, list] of results) {
    const wall = median(list.map((r) => r.wall));
    const busy = median(list.map((r) => r.busy));
    const cpu = median(list.map((r) => r.cpu));
    process.stdout.write(
      `${name.padEnd(9)} median ${wall.toFixed(0)} ms (${Math.round((count / wall) * 1000)} rows/s), JS thread busy ${busy.toFixed(0)} ms, CPU ${cpu.toFixed(0)} ms; ${(wall / splitWall).toFixed(2)}× split's time\n`,
    );
  }
}

await main();
