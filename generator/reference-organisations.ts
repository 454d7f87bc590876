/**
 * Real organisations from NHS England's sickness absence benchmarking CSVs
 * (the project's reference/nhs-sickness-absence, core/reference-data.ts): codes, ICS, region, cluster and the FTE of each staff
 * group, so synthetic orgs have realistic names, places and sizes.
 */

import { readFileSync } from "node:fs";
import type { StaffGroup } from "../contracts/enumerations.js";
import { canonicalStaffGroup } from "../contracts/index.js";
import { type CsvRecord, parseCsv } from "../core/csv-records.js";
import { UsageError } from "../core/errors.js";
import { referenceOrganisationsFile } from "../core/reference-data.js";
import { GeneratorError } from "./generator-errors.js";
import { generatorMessages } from "./generator-messages.js";
import type { Random } from "./random.js";

export interface ReferenceOrganisation {
  code: string;
  name: string;
  icsCode: string;
  icsName: string;
  regionCode: string;
  regionName: string;
  clusterGroup: string;
  benchmarkGroup: string;
  /** Average FTE per staff group (FTE days available ÷ days in the reference month). */
  fteByStaffGroup: ReadonlyMap<StaffGroup, number>;
}

/** Provider trusts only: they employ the staff an OH service looks after. */
const providerClusters = new Set(["Acute", "Ambulance", "Community Provider Trust", "Mental Health"]);
/** Below this an org's groups are mostly suppressed; too small to look NHS-like. */
const minimumFte = 300;

/** Every provider organisation in the CSV with at least `minimumFte`, ordered by code. */
export function loadReferenceOrganisations(file = referenceOrganisationsFile()): ReferenceOrganisation[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(readFileSync(file, "utf8"));
  } catch (error) {
    throw new GeneratorError(
      "REFERENCE_UNREADABLE",
      generatorMessages.generatorReferenceUnreadable(file, String(error)),
      {
        cause: error,
      },
    );
  }
  const [headerRecord, ...rows] = records;
  const header = headerRecord?.fields ?? [];
  const col = (name: string) => header.indexOf(name);
  const iDate = col("DATE");
  const iOrg = col("ORG_CODE");
  const iGroup = col("STAFF_GROUP");
  const iAvail = col("FTE_DAYS_AVAILABLE");
  const orgs = new Map<string, ReferenceOrganisation & { fteByStaffGroup: Map<StaffGroup, number> }>();
  for (const { fields: c } of rows) {
    const cluster = c[col("CLUSTER_GROUP")] ?? "";
    if (!providerClusters.has(cluster)) continue;
    const code = c[iOrg] ?? "";
    let org = orgs.get(code);
    if (!org) {
      org = {
        code,
        name: c[col("ORG_NAME")] ?? code,
        icsCode: c[col("ICS_CODE")] ?? "QZZ",
        icsName: c[col("ICS_NAME")] ?? "",
        regionCode: c[col("NHSE_REGION_CODE")] ?? "QZZ",
        regionName: c[col("NHSE_REGION_NAME")] ?? "",
        clusterGroup: cluster,
        benchmarkGroup: c[col("BENCHMARK_GROUP")] ?? cluster,
        fteByStaffGroup: new Map(),
      };
      orgs.set(code, org);
    }
    const group = canonicalStaffGroup(c[iGroup] ?? "");
    const available = Number(c[iAvail]);
    if (!group || group === "All staff groups" || !(available > 0)) continue; // blank = suppressed
    const [dd, mm, yyyy] = (c[iDate] ?? "").split("/").map(Number);
    const days = new Date(Date.UTC(yyyy ?? 2023, mm ?? 12, 0)).getUTCDate() || dd || 31;
    org.fteByStaffGroup.set(group as StaffGroup, available / days);
  }
  const total = (o: ReferenceOrganisation) => [...o.fteByStaffGroup.values()].reduce((s, v) => s + v, 0);
  return [...orgs.values()]
    .filter((o) => total(o) >= minimumFte && /^[A-Z0-9]{3}(?:[A-Z0-9]{2})?$/.test(o.code))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** N organisations by a seeded Fisher–Yates shuffle of the code-ordered list. */
export function chooseOrganisations(
  all: readonly ReferenceOrganisation[],
  count: number,
  random: Random,
): ReferenceOrganisation[] {
  if (count > all.length) {
    throw new UsageError(generatorMessages.generatorTooManyOrgs(count, all.length), { option: "orgs" });
  }
  const order = all.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order.slice(0, count).map((i) => all[i] as ReferenceOrganisation);
}
