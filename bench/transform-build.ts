/**
 * Transform build time (issue 5/6). Fills a fresh warehouse's landing tables
 * with N synthetic events generated in SQL inside DuckDB (the `ohwb generate`
 * generator was not available; rows have ingest's layout and contract-shaped
 * payloads: absence episodes with updates/ends/cancellations, monthly FTE,
 * published benchmark rows, referrals, appointments, reports, exposures and
 * immunisations), then times
 *   (a) a full build (`runIncrementalTransforms` with full),
 *   (b) an incremental build after 10,000 new events (new absence episodes,
 *       updates and cancellations of old ones, new referral events).
 * Run: `npm run build && node dist/bench/transform-build.js [events]` (default 1,000,000).
 * To time incremental builds again without regenerating and rebuilding (a 10M full build takes about a
 * minute): BENCH_SAVE_FULL=FILE copies the warehouse after the full build, and BENCH_FROM_FULL=FILE
 * starts from such a copy (same event count) and times only the two incremental builds.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { loadConfig } from "../core/config.js";
import { type IncrementalResult, runIncrementalTransforms } from "../transforms/incremental-transforms.js";
import { openWarehouse } from "../warehouse/open-warehouse.js";

const total = Number(process.argv[2] ?? 1_000_000);
const AS_OF = "2024-12-31";
/** The configuration's transform.profile (OHWB_TRANSFORM_PROFILE=1): every incremental statement timed on stderr. */
const profile = loadConfig().config.transform.profile
  ? (line: string) => process.stderr.write(`${line}\n`)
  : undefined;
// People, sized so that each has about 3.5 sickness episodes over the two years (NHS England: about
// 1.4 million staff) — 1.43M at 10M events. A person's episodes are what an incremental build
// recomputes, so a pool far smaller than the episodes makes every change touch dozens of them.
const STAFF = Math.max(10_000, Math.round((total * 0.5) / 3.5));
const ORGS = 200;
const GROUPS = [
  "HCHS doctors",
  "Nurses & health visitors",
  "Midwives",
  "Ambulance staff",
  "Scientific, therapeutic & technical staff",
  "Support to doctors, nurses & midwives",
  "Central functions",
  "Hotel, property & estates",
];
const FTE_ROWS = ORGS * GROUPS.length * 24;
/** Events after the reference and FTE rows, and the absence episodes among them (half). */
const REST = total - ORGS - FTE_ROWS;
const EPISODES = Math.floor(REST * 0.5);

let offset = 0;

/** Inserts `count` rows into a landing table; `payload` is a SQL expression over i (0-based row number). */
async function insert(
  connection: DuckDBConnection,
  eventType: string,
  count: number,
  payload: string,
  options: { occurredAt?: string; org?: string; ingestedAt: string },
): Promise<void> {
  if (count <= 0) return;
  const table = `raw_${eventType.replaceAll(".", "_")}`;
  const start = offset;
  offset += count;
  await connection.run(`
    INSERT INTO ${table}
    SELECT
      uuid()::VARCHAR, '${eventType}', 1,
      ${options.occurredAt ?? "TIMESTAMPTZ '2024-06-01 00:00:00+00'"},
      ${options.org ?? `'R' || lpad((hash(i, 'org') % ${ORGS})::VARCHAR, 3, '0')`},
      'bench', (${payload})::JSON, md5(i::VARCHAR || '${table}'), 'bench', 0, ${start} + i,
      ${options.ingestedAt}
    FROM range(${count}) AS r(i)`);
}

const org = (salt: string) => `'R' || lpad((hash(i, '${salt}') % ${ORGS})::VARCHAR, 3, '0')`;
const group = (salt: string) =>
  `[${GROUPS.map((g) => `'${g}'`).join(", ")}][(1 + hash(i, '${salt}') % ${GROUPS.length})::BIGINT]`;
const day = (salt: string, from: string, span: number) =>
  `DATE '${from}' + (hash(i, '${salt}') % ${span})::INTEGER`;

async function absenceEpisodes(
  connection: DuckDBConnection,
  first: number,
  count: number,
  ingestedAt: string,
  window: { from: string; days: number } = { from: "2023-01-01", days: 719 },
): Promise<void> {
  // episode i: id A<first+i>, one of STAFF people, 1–30 days (1 in 100 still open), starting within the window
  const id = `'A' || (${first} + i)`;
  await insert(
    connection,
    "workforce.absence.started",
    count,
    `json_object('absence_id', ${id}, 'staff_id', 'ps_' || (hash(${first} + i, 'staff') % ${STAFF}),
      'employer_ods', ${org("eorg")}, 'staff_group', ${group("egrp")},
      'start_date', ${day("start", window.from, window.days)},
      'end_date', CASE WHEN hash(i, 'open') % 100 = 0 THEN NULL ELSE ${day("start", window.from, window.days)} + (hash(i, 'len') % 30)::INTEGER END,
      'reason_code', 'S' || (10 + hash(i, 'reason') % 23), 'related_reason', NULL, 'fte', 0.5 + (hash(i, 'fte') % 6) / 10)`,
    { ingestedAt },
  );
}

/** Two years of history in the landing tables, `total` events in all (see the header). */
async function loadHistory(connection: DuckDBConnection): Promise<void> {
  const base = "TIMESTAMPTZ '2025-01-01 00:00:00+00'";
  // reference data: one published row per organisation (ICB and region mapping) and monthly FTE
  await insert(
    connection,
    "workforce.absence.monthly",
    ORGS,
    `json_object('month_end', '2024-03-31', 'region_code', 'Y6' || (i % 4), 'region_name', 'Region', 'ics_code', 'Q' || lpad((i % 42)::VARCHAR, 2, '0'),
    'ics_name', 'ICB', 'reporting_org_code', 'R' || lpad(i::VARCHAR, 3, '0'), 'org_name', 'Trust', 'cluster_group', 'Acute',
    'benchmark_group', 'Acute - ' || (i % 3), 'staff_group', 'All staff groups', 'is_suppressed', false,
    'fte_days_lost', 1000, 'fte_days_available', 30000, 'published_rate_pct', 3.33)`,
    { ingestedAt: base, org: "'R' || lpad(i::VARCHAR, 3, '0')" },
  );
  await insert(
    connection,
    "workforce.fte.monthly",
    FTE_ROWS,
    `json_object('month_end', last_day(DATE '2023-01-01' + INTERVAL (i // ${ORGS * GROUPS.length}) MONTH)::VARCHAR,
    'reporting_org_code', 'R' || lpad((i % ${ORGS})::VARCHAR, 3, '0'),
    'staff_group', [${GROUPS.map((g) => `'${g}'`).join(", ")}][(1 + (i // ${ORGS}) % ${GROUPS.length})::BIGINT],
    'fte_days_available', 3000, 'average_fte', 100, 'headcount', 110)`,
    { ingestedAt: base, org: `'R' || lpad((i % ${ORGS})::VARCHAR, 3, '0')` },
  );
  await absenceEpisodes(connection, 0, EPISODES, base);
  await insert(
    connection,
    "workforce.absence.ended",
    Math.floor(REST * 0.1),
    `json_object('absence_id', 'A' || (hash(i, 'end') % ${EPISODES}), 'staff_id', 'ps_x',
    'end_date', DATE '2023-01-01' + (hash((hash(i, 'end') % ${EPISODES})::BIGINT, 'start') % 719)::INTEGER + (hash(i, 'len2') % 60)::INTEGER,
    'reason_code', 'S10')`,
    { ingestedAt: base },
  );
  const referrals = Math.floor(REST * 0.12);
  await insert(
    connection,
    "ohwb.referral.received",
    referrals,
    `json_object('referral_id', 'F' || i, 'staff_id', 'ps_' || (hash(i, 'rstaff') % ${STAFF}), 'employer_ods', ${org("rorg")},
    'service_ods', ${org("rorg")}, 'icb_code', NULL, 'region_code', NULL, 'staff_group', ${group("rgrp")},
    'referral_type', 'management', 'reason_category', 'musculoskeletal', 'esr_reason_code', NULL,
    'received_at', strftime(TIMESTAMP '2023-01-02 09:00:00' + INTERVAL (hash(i, 'recv') % 700) DAY, '%Y-%m-%dT%H:%M:%SZ'),
    'consent_recorded', true, 'referral_source', 'line_manager',
    'absence', json_object('currently_absent', true, 'start_date', '2022-12-01'))`,
    { ingestedAt: base },
  );
  const appointment = (extra: string) =>
    `json_object('appointment_id', 'P' || i, 'referral_id', 'F' || i, ${extra})`;
  const slot = `strftime(TIMESTAMP '2023-01-02 09:00:00' + INTERVAL (hash(i, 'recv') % 700 + hash(i, 'wait') % 20) DAY, '%Y-%m-%dT%H:%M:%SZ')`;
  await insert(
    connection,
    "ohwb.appointment.booked",
    Math.floor(REST * 0.1),
    appointment(
      `'offered_at', ${slot}, 'scheduled_for', ${slot}, 'clinician_role', 'ohn', 'modality', 'telephone', 'is_first_appointment', true`,
    ),
    { ingestedAt: base },
  );
  await insert(
    connection,
    "ohwb.appointment.attended",
    Math.floor(REST * 0.08),
    appointment(`'attended_at', ${slot}, 'clinician_role', 'ohn', 'modality', 'telephone'`),
    { ingestedAt: base },
  );
  await insert(
    connection,
    "ohwb.report.issued",
    Math.floor(REST * 0.05),
    `json_object('referral_id', 'F' || i, 'appointment_id', 'P' || i, 'issued_at', ${slot}, 'recipient', 'manager')`,
    { ingestedAt: base },
  );
  const exposures = Math.floor(REST * 0.02);
  await insert(
    connection,
    "ohwb.exposure.incident",
    exposures,
    `json_object('incident_id', 'X' || i, 'staff_id', 'ps_' || i, 'employer_ods', ${org("xorg")}, 'exposure_type', 'sharps',
    'exposed_at', '2024-03-01T10:00:00Z', 'reported_to_oh_at', '2024-03-01T10:10:00Z', 'source_status', 'unknown',
    'risk_level', 'high', 'pep_indicated', true, 'pep_first_dose_at', '2024-03-01T10:50:00Z', 'riddor_reportable', false, 'followup_complete', false)`,
    { ingestedAt: base },
  );
  const immunisations =
    REST -
    EPISODES -
    Math.floor(REST * 0.1) -
    referrals -
    Math.floor(REST * 0.1) -
    Math.floor(REST * 0.08) -
    Math.floor(REST * 0.05) -
    exposures;
  await insert(
    connection,
    "ohwb.immunisation.administered",
    immunisations,
    `json_object('immunisation_id', 'I' || i, 'staff_id', 'ps_' || (hash(i, 'istaff') % ${STAFF}), 'employer_ods', ${org("iorg")},
    'vaccine', 'influenza', 'dose_number', 1, 'course_complete', true,
    'administered_at', strftime(TIMESTAMP '2023-09-01 09:00:00' + INTERVAL (hash(i, 'iday') % 480) DAY, '%Y-%m-%dT%H:%M:%SZ'),
    'season', NULL, 'frontline_hcw', true)`,
    { ingestedAt: base },
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-bench-transform-"));
  const savedFull = process.env.BENCH_FROM_FULL;
  if (savedFull) copyFileSync(savedFull, join(dir, "warehouse.duckdb"));
  const warehouse = await openWarehouse(join(dir, "warehouse.duckdb"));
  const connection = warehouse.connection;
  try {
    let loaded = 0;
    let fullSeconds = 0;
    let full: IncrementalResult | undefined;
    if (savedFull) offset = total;
    else {
      const loadStarted = performance.now();
      await loadHistory(connection);
      await connection.run("CHECKPOINT");
      loaded = (performance.now() - loadStarted) / 1000;

      const fullStarted = performance.now();
      full = await runIncrementalTransforms(connection, { asOf: AS_OF, full: true });
      fullSeconds = (performance.now() - fullStarted) / 1000;
      await connection.run("CHECKPOINT");
      if (process.env.BENCH_SAVE_FULL)
        copyFileSync(join(dir, "warehouse.duckdb"), process.env.BENCH_SAVE_FULL);
    }

    // 10,000 new events, as a daily feed brings them: 5,000 new episodes starting in the last two months,
    // 300 updates and 100 cancellations of old episodes (any month of the two years), 1,000 new referrals,
    // 800 bookings, 600 attendances and 300 reports for this month's referrals, 1,500 flu vaccinations
    // and 400 exposure incidents
    const later = "TIMESTAMPTZ '2025-02-01 00:00:00+00'";
    await absenceEpisodes(connection, EPISODES, 5000, later, { from: "2024-11-01", days: 60 });
    await insert(
      connection,
      "workforce.absence.updated",
      300,
      `json_object('absence_id', 'A' || (hash(i, 'upd') % ${EPISODES}), 'staff_id', 'ps_u' || i, 'employer_ods', ${org("uorg")},
        'staff_group', 'Nurses & health visitors', 'start_date', ${day("ustart", "2023-01-01", 700)},
        'end_date', ${day("ustart", "2023-01-01", 700)} + 3, 'reason_code', 'S12', 'related_reason', NULL, 'fte', 1)`,
      { ingestedAt: later, occurredAt: "TIMESTAMPTZ '2025-01-15 00:00:00+00'" },
    );
    await insert(
      connection,
      "workforce.absence.cancelled",
      100,
      `json_object('absence_id', 'A' || (hash(i, 'cxl') % ${EPISODES}), 'staff_id', 'ps_x', 'cancellation_reason', 'entered_in_error')`,
      { ingestedAt: later, occurredAt: "TIMESTAMPTZ '2025-01-16 00:00:00+00'" },
    );
    await insert(
      connection,
      "ohwb.referral.received",
      1000,
      `json_object('referral_id', 'G' || i, 'staff_id', 'ps_' || (hash(i, 'gstaff') % ${STAFF}), 'employer_ods', ${org("gorg")}, 'service_ods', ${org("gorg")},
        'icb_code', NULL, 'region_code', NULL, 'staff_group', 'Midwives', 'referral_type', 'self', 'reason_category', 'musculoskeletal',
        'esr_reason_code', NULL, 'received_at', '2024-12-02T09:00:00Z', 'consent_recorded', true, 'referral_source', 'self',
        'absence', json_object('currently_absent', false))`,
      { ingestedAt: later },
    );
    // journey events for this month's referrals (a daily feed books, sees and reports on recent
    // referrals): new appointment ids, slots in the last weeks
    const oldReferral = `'G' || (hash(i, 'oldref') % 1000)`;
    const recentSlot = `strftime(TIMESTAMP '2024-12-01 09:00:00' + INTERVAL (hash(i, 'rslot') % 30) DAY, '%Y-%m-%dT%H:%M:%SZ')`;
    await insert(
      connection,
      "ohwb.appointment.booked",
      800,
      `json_object('appointment_id', 'Q' || i, 'referral_id', ${oldReferral}, 'offered_at', ${recentSlot}, 'scheduled_for', ${recentSlot},
        'clinician_role', 'ohn', 'modality', 'telephone', 'is_first_appointment', false)`,
      { ingestedAt: later },
    );
    await insert(
      connection,
      "ohwb.appointment.attended",
      600,
      `json_object('appointment_id', 'Q' || i, 'referral_id', ${oldReferral}, 'attended_at', ${recentSlot}, 'clinician_role', 'ohn', 'modality', 'telephone')`,
      { ingestedAt: later },
    );
    await insert(
      connection,
      "ohwb.report.issued",
      300,
      `json_object('referral_id', ${oldReferral}, 'appointment_id', 'Q' || i, 'issued_at', ${recentSlot}, 'recipient', 'manager')`,
      { ingestedAt: later },
    );
    await insert(
      connection,
      "ohwb.immunisation.administered",
      1500,
      `json_object('immunisation_id', 'J' || i, 'staff_id', 'ps_' || (hash(i, 'jstaff') % ${STAFF}), 'employer_ods', ${org("jorg")},
        'vaccine', 'influenza', 'dose_number', 1, 'course_complete', true,
        'administered_at', strftime(TIMESTAMP '2024-12-01 09:00:00' + INTERVAL (hash(i, 'jday') % 30) DAY, '%Y-%m-%dT%H:%M:%SZ'),
        'season', NULL, 'frontline_hcw', true)`,
      { ingestedAt: later },
    );
    await insert(
      connection,
      "ohwb.exposure.incident",
      400,
      `json_object('incident_id', 'Y' || i, 'staff_id', 'ps_' || i, 'employer_ods', ${org("yorg")}, 'exposure_type', 'sharps',
        'exposed_at', '2024-12-10T10:00:00Z', 'reported_to_oh_at', '2024-12-10T10:10:00Z', 'source_status', 'unknown',
        'risk_level', 'high', 'pep_indicated', true, 'pep_first_dose_at', '2024-12-10T10:50:00Z', 'riddor_reportable', false, 'followup_complete', false)`,
      { ingestedAt: later },
    );
    // DuckDB checkpoints at a commit once the WAL passes checkpoint_threshold (16 MB by default): the
    // incremental builds are timed to their commit with checkpoints held back, and the checkpoint that
    // follows is timed on its own (a long-running writer such as `ohwb schedule` pays it once per
    // threshold's worth of WAL; a one-off `ohwb transform` pays it when it closes the file).
    await connection.run("CHECKPOINT");
    await connection.run("SET checkpoint_threshold = '4GB'");
    const checkpoint = async (): Promise<number> => {
      const began = performance.now();
      await connection.run("CHECKPOINT");
      return (performance.now() - began) / 1000;
    };
    const incStarted = performance.now();
    const incremental = await runIncrementalTransforms(connection, { asOf: AS_OF, profile });
    const incSeconds = (performance.now() - incStarted) / 1000;
    const incCheckpoint = await checkpoint();

    // a second feed of 10,000 with no corrections to old records: 6,000 new episodes, 1,000 new
    // referrals with 1,500 journey events, 1,500 flu vaccinations
    const latest = "TIMESTAMPTZ '2025-02-02 00:00:00+00'";
    await absenceEpisodes(connection, EPISODES + 5000, 6000, latest, { from: "2024-12-01", days: 30 });
    await insert(
      connection,
      "ohwb.referral.received",
      1000,
      `json_object('referral_id', 'H' || i, 'staff_id', 'ps_' || (hash(i, 'hstaff') % ${STAFF}), 'employer_ods', ${org("horg")}, 'service_ods', ${org("horg")},
        'icb_code', NULL, 'region_code', NULL, 'staff_group', 'Midwives', 'referral_type', 'self', 'reason_category', 'musculoskeletal',
        'esr_reason_code', NULL, 'received_at', '2024-12-16T09:00:00Z', 'consent_recorded', true, 'referral_source', 'self',
        'absence', json_object('currently_absent', false))`,
      { ingestedAt: latest },
    );
    await insert(
      connection,
      "ohwb.appointment.booked",
      1500,
      `json_object('appointment_id', 'R' || i, 'referral_id', 'H' || (hash(i, 'href') % 1000), 'offered_at', '2024-12-17T09:00:00Z',
        'scheduled_for', '2024-12-20T09:00:00Z', 'clinician_role', 'ohn', 'modality', 'telephone', 'is_first_appointment', true)`,
      { ingestedAt: latest },
    );
    await insert(
      connection,
      "ohwb.immunisation.administered",
      1500,
      `json_object('immunisation_id', 'K' || i, 'staff_id', 'ps_' || (hash(i, 'kstaff') % ${STAFF}), 'employer_ods', ${org("korg")},
        'vaccine', 'influenza', 'dose_number', 1, 'course_complete', true, 'administered_at', '2024-12-18T09:00:00Z',
        'season', NULL, 'frontline_hcw', true)`,
      { ingestedAt: latest },
    );
    await connection.run("CHECKPOINT"); // feed B's landing rows, as for feed A: not the transform's cost
    const recentStarted = performance.now();
    const recent = await runIncrementalTransforms(connection, { asOf: AS_OF, profile });
    const recentSeconds = (performance.now() - recentStarted) / 1000;
    const recentCheckpoint = await checkpoint();

    const slowest = (builds: { name: string; milliseconds: number; strategy?: string }[], n = 5) =>
      [...builds]
        .sort((a, b) => b.milliseconds - a.milliseconds)
        .slice(0, n)
        .map(
          (b) => `${b.name}${b.strategy ? ` [${b.strategy}]` : ""} ${(b.milliseconds / 1000).toFixed(2)} s`,
        )
        .join(", ");
    console.log(
      `events in landing tables: ${offset.toLocaleString("en-GB")} (${savedFull ? `from ${savedFull}` : `generated in ${loaded.toFixed(1)} s`})`,
    );
    if (full)
      console.log(
        `full build: ${fullSeconds.toFixed(2)} s, ${full.builds.length} models; slowest: ${slowest(full.builds)}`,
      );
    console.log(
      `incremental after 10,000 events: ${incSeconds.toFixed(2)} s + checkpoint ${incCheckpoint.toFixed(2)} s (${incremental.mode}${incremental.reason ? `: ${incremental.reason}` : ""}), ${incremental.builds.length} models refreshed; slowest: ${slowest(incremental.builds, 8)}`,
    );
    console.log(
      `incremental after 10,000 more events without corrections to old records: ${recentSeconds.toFixed(2)} s + checkpoint ${recentCheckpoint.toFixed(2)} s (${recent.mode}), ${recent.builds.length} models refreshed; slowest: ${slowest(recent.builds, 8)}`,
    );
  } finally {
    warehouse.close();
    // BENCH_KEEP=1 keeps the warehouse for a closer look (its path is printed)
    if (process.env.BENCH_KEEP) console.log(`warehouse kept: ${join(dir, "warehouse.duckdb")}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
