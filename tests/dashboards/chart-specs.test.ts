/**
 * Every chart spec validates against the official Vega-Lite v6 JSON schema shipped in the vega-lite
 * package, and the compiled Vega specs for the fixed fixture match the golden files in golden/.
 * Regenerate goldens deliberately (then review the diff: it is the change every chart consumer sees):
 *   UPDATE_GOLDEN=1 npx vitest run tests/dashboards/chart-specs.test.ts && npx biome format --write tests/dashboards/golden
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { compile, type TopLevelSpec } from "vega-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { absenceSpcChart } from "../../dashboards/charts/absence-spc-chart.js";
import { staffGroupChart } from "../../dashboards/charts/staff-group-chart.js";
import { fixtureChartSpecs } from "./chart-fixture-specs.js";
import { absenceMartFixture } from "./fixtures/absence-mart-fixture.js";

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = join(here, "golden");
const update = process.env.UPDATE_GOLDEN === "1";
const specs = fixtureChartSpecs();

let validate: ValidateFunction;
beforeAll(() => {
  const schemaPath = createRequire(import.meta.url).resolve("vega-lite/vega-lite-schema.json");
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#"); // Ajv's default draft
  const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its function is the module's `default` property.
  addFormatsModule.default(ajv); // the schema uses "uri" and "uri-reference"
  ajv.addFormat("color-hex", /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i); // Vega-Lite's own format name
  validate = ajv.compile(schema);
});

describe("Vega-Lite JSON schema", () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`${name} is a valid Vega-Lite v6 spec with a title and an accessible description`, () => {
      const ok = validate(spec);
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
      expect(ok).toBe(true);
      expect(spec.$schema).toMatch(/vega-lite\/v6/);
      expect(typeof spec.description === "string" && spec.description.length > 60).toBe(true);
      expect(spec.title).toBeTruthy();
    });
  }
  it("rejects a broken spec (the validator can fail)", () => {
    const broken = { ...specs["absence-spc-zza"], mark: "wiggle" } as unknown as TopLevelSpec;
    expect(validate(broken)).toBe(false);
  });
});

describe("compiled Vega golden files", () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`${name} compiles to the golden Vega spec`, () => {
      // Round-trip through JSON so undefined-valued keys drop out exactly as in the file.
      const compiled: unknown = JSON.parse(JSON.stringify(compile(spec).spec));
      const file = join(goldenDir, `${name}.vg.json`);
      if (update) writeFileSync(file, `${JSON.stringify(compiled, null, 2)}\n`);
      else if (!existsSync(file)) throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1`);
      // Compared as data, not text, so Biome's formatting of the golden files does not matter.
      expect(compiled).toEqual(JSON.parse(readFileSync(file, "utf8")));
    });
  }
});

describe("chart content", () => {
  const rows = absenceMartFixture();
  const values = (spec: TopLevelSpec) =>
    (spec as { data: { values: Record<string, unknown>[] } }).data.values;

  it("SPC chart colours the fixture's step down from Jan 2024 as special-cause improvement", () => {
    const v = values(absenceSpcChart(rows, { code: "ZZA" }));
    expect(v).toHaveLength(24);
    const after = v.filter((p) => String(p.month_end) >= "2024-01-31");
    expect(after.every((p) => String(p.variation).startsWith("Special cause: improvement"))).toBe(true);
    expect(after.every((p) => String(p.signals).includes("shift (low)"))).toBe(true);
    const spike = values(absenceSpcChart(rows, { code: "ZZB" })).find((p) => p.month_end === "2024-01-31");
    expect(spike?.signals).toContain("beyond a limit (high)");
    expect(spike?.variation).toBe("Special cause: concern (high)");
    const stable = values(absenceSpcChart(rows, { code: "ZZD" }));
    expect(stable.every((p) => p.variation === "Common cause variation")).toBe(true);
  });

  it("staff-group chart shows suppressed groups (ESR_330 and complementary) as withheld gaps, with no FTE days", () => {
    const spec = staffGroupChart(rows, { code: "ZZD", monthEnd: "2024-12-31", comparatorCode: "ENG" });
    const central = values(spec).find((v) => v.staff_group === "Central functions");
    expect(central).toMatchObject({ rate_pct: null, note: "withheld (small numbers)" });
    expect(JSON.stringify(spec)).not.toContain("fte_days");
    // the next-smallest group is withheld too, or Central functions = total − the others
    // (ZZD: Scientific… 25 FTE is the next-smallest after Central functions 9.5 FTE; doctors 30 FTE stay)
    const stt = values(spec).find((v) => v.staff_group === "Scientific, therapeutic & technical staff");
    expect(stt).toMatchObject({ rate_pct: null, note: "withheld (would reveal a small number)" });
    expect(values(spec).find((v) => v.staff_group === "HCHS doctors")?.rate_pct).toBeTypeOf("number");
    expect(spec.description).toContain(
      "Withheld for small numbers: Central functions. Withheld so that no small number can be worked out from the total: Scientific, therapeutic & technical staff.",
    );
  });

  it("SPC text alternative tells months with no FTE days recorded from months withheld for small numbers", () => {
    const series = rows
      .filter((r) => r.code === "ZZA" && r.staff_group === "All staff groups")
      .sort((a, b) => a.month_end.localeCompare(b.month_end));
    const [first, second, third] = series.map((r) => r.month_end);
    const edited = rows.map((r) => {
      if (r.code !== "ZZA" || r.staff_group !== "All staff groups") return r;
      // no FTE feed yet: days lost but no denominator, so no rate (the mart marks it suppressed too)
      if (r.month_end === first || r.month_end === second)
        return { ...r, fte_days_available: 0, rate_pct: null, suppressed: true };
      if (r.month_end === third) return { ...r, fte_days_available: 300, rate_pct: null, suppressed: true };
      return r;
    });
    const { description } = absenceSpcChart(edited, { code: "ZZA" });
    expect(description).toContain("1 month is withheld for small numbers and not plotted.");
    expect(description).toContain(
      "2 months have no FTE days available recorded, so no rate, and are not plotted.",
    );
  });

  it("SPC chart refuses a series with fewer than two published months", () => {
    expect(() => absenceSpcChart(rows, { code: "ZZD", staffGroup: "Central functions" })).toThrow(/SPC/);
  });
});
