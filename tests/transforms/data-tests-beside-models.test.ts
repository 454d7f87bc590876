/**
 * Data tests declared beside the models (`-- test:` header lines and `<name>.test.sql` files), the lineage
 * taken from the models' FROM and JOIN clauses, and the data dictionary that lists both.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDataDictionary } from "../../transforms/data-dictionary.js";
import { parseTestDeclaration } from "../../transforms/data-test-declarations.js";
import { loadDataTests, runDataTests } from "../../transforms/data-tests.js";
import { loadModels, type Model } from "../../transforms/model-catalogue.js";
import { checkLineage, referencedTables } from "../../transforms/model-lineage.js";
import { parseSqlHeader } from "../../transforms/sql-header.js";
import { ModelLineageError } from "../../transforms/transform-errors.js";
import { freshWarehouse, type TestWarehouse } from "./warehouse-fixture.js";

/** A model as loadModels would give it, from its file text. */
function model(name: string, sql: string, layer: Model["layer"] = "marts"): Model {
  const { header, problems } = parseSqlHeader(sql);
  expect(problems).toEqual([]);
  return { ...header, name, layer, path: `${name}.sql`, sql };
}

describe("test declarations in a model header", () => {
  it("read every form, with severity error unless the line starts with warn", () => {
    expect(parseTestDeclaration("unique month_end, code")).toMatchObject({
      kind: "unique",
      columns: ["month_end", "code"],
      severity: "error",
    });
    expect(parseTestDeclaration("warn not_null name")).toMatchObject({
      kind: "not_null",
      columns: ["name"],
      severity: "warn",
    });
    expect(parseTestDeclaration("accepted_values level in england, All services")).toMatchObject({
      kind: "accepted_values",
      column: "level",
      values: ["england", "All services"],
    });
    expect(
      parseTestDeclaration("relationship service -> dim_service.service where service <> 'core'"),
    ).toMatchObject({
      kind: "relationship",
      column: "service",
      model: "dim_service",
      to: "service",
      where: "service <> 'core'",
    });
    expect(parseTestDeclaration("expect rate_pct BETWEEN 0 AND 100")).toMatchObject({
      kind: "expect",
      condition: "rate_pct BETWEEN 0 AND 100",
    });
    expect(parseSqlHeader("-- description: x\n-- test: uniqe a\nSELECT 1").problems[0]?.problem).toMatch(
      /test must be "unique COL, \.\.\."/,
    );
  });

  it("every fact and mart declares at least unique and not-null key tests", () => {
    const tests = loadDataTests();
    for (const { name, layer } of loadModels().filter((m) => m.layer === "facts" || m.layer === "marts")) {
      const own = tests.filter((test) => test.models[0] === name).map((test) => test.name);
      expect(
        own.some((test) => test.startsWith(`${name}: unique `)),
        name,
      ).toBe(true);
      expect(
        own.some((test) => test.startsWith(`${name}: not_null `)),
        `${layer}/${name}`,
      ).toBe(true);
    }
  });
});

describe("running declared and custom tests", () => {
  let t: TestWarehouse;
  let dir: string;
  const rates = model(
    "rates",
    `-- description: rates by code
-- depends: codes
-- column: code | code | code
-- column: level | text | level
-- column: rate_pct | percent | rate
-- test: unique code
-- test: warn not_null level
-- test: accepted_values level in england, organisation
-- test: relationship code -> codes.code
-- test: expect rate_pct BETWEEN 0 AND 100
SELECT code, level, rate_pct FROM codes`,
  );
  const codes = model(
    "codes",
    "-- description: codes\n-- column: code | code | code\nSELECT 'A' AS code",
    "dimensions",
  );

  beforeAll(async () => {
    t = await freshWarehouse();
    dir = mkdtempSync(join(tmpdir(), "ohwb-data-tests-"));
    mkdirSync(join(dir, "marts"));
    writeFileSync(
      join(dir, "marts", "rates_positive.test.sql"),
      "-- description: no negative rate\n-- depends: rates\n-- severity: warn\nSELECT * FROM rates WHERE rate_pct < 0\n",
    );
    await t.connection.run(`
      CREATE TABLE codes AS SELECT * FROM (VALUES ('A'), ('B')) AS v(code);
      CREATE TABLE rates AS SELECT * FROM (VALUES ('A', 'england', 5.0::DOUBLE), ('B', 'organisation', 7.5)) AS v(code, level, rate_pct);`);
  });
  afterAll(() => {
    t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pass on clean tables, including the custom file beside the model", async () => {
    const tests = loadDataTests([rates, codes], dir);
    expect(tests.map((test) => [test.name, test.severity])).toEqual([
      ["rates: unique code", "error"],
      ["rates: not_null level", "warn"],
      ["rates: accepted_values level in england, organisation", "error"],
      ["rates: relationship code -> codes.code", "error"],
      ["rates: expect rate_pct BETWEEN 0 AND 100", "error"],
      ["rates_positive", "warn"],
    ]);
    const results = await runDataTests(t.connection, { asOf: "2024-01-31", freshnessMonths: 3 }, tests);
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass", "pass", "pass", "pass"]);
  });

  it("fail each rule it breaks, and a warn test only warns", async () => {
    await t.connection.run(`
      INSERT INTO rates VALUES ('A', 'ics', 120.0), ('Z', NULL, -1.0);`);
    const results = await runDataTests(
      t.connection,
      { asOf: "2024-01-31", freshnessMonths: 3 },
      loadDataTests([rates, codes], dir),
    );
    expect(results.map((r) => [r.name, r.status, r.passed, r.failingRows])).toEqual([
      ["rates: unique code", "fail", false, 1],
      ["rates: not_null level", "warn", true, 1],
      ["rates: accepted_values level in england, organisation", "fail", false, 1],
      ["rates: relationship code -> codes.code", "fail", false, 1],
      ["rates: expect rate_pct BETWEEN 0 AND 100", "fail", false, 2],
      ["rates_positive", "warn", true, 1],
    ]);
    expect(results[2]?.sample).toEqual([{ value: "ics", rows: "1" }]);
    expect(results[3]?.sample).toEqual([{ value: "Z", rows: "1" }]);
  });

  it("refuse a test naming a column the model does not document", () => {
    const bad = model("bad", "-- description: bad\n-- column: a | x | a\n-- test: unique b\nSELECT 1 AS a");
    expect(() => loadDataTests([bad], dir)).toThrow(/"b" is not a column of bad/);
  });
});

describe("lineage from the SQL", () => {
  const known = new Set(["fct_a", "dim_b", "mart_c", "raw_x"]);

  it("names the tables of FROM and JOIN, and a table macro's table arguments, not CTEs, comments or strings", () => {
    const sql = `-- FROM mart_c in a comment
WITH fct_like AS (SELECT * FROM fct_a WHERE note <> 'FROM dim_b')
SELECT extract(year FROM day) FROM fct_like
LEFT JOIN dim_b USING (k)
UNION ALL SELECT * FROM rolling12_rate('mart_c')
UNION ALL SELECT * FROM raw_x SEMI JOIN range(3) AS r ON true`;
    expect([...referencedTables(sql, known)].sort()).toEqual(["dim_b", "fct_a", "mart_c", "raw_x"]);
    expect([...referencedTables("SELECT 1 -- FROM fct_a\nFROM (SELECT 'x FROM dim_b')", known)]).toEqual([]);
  });

  it("fails a model whose header lists more or less than its SQL reads", () => {
    const node = { name: "mart_c", path: "mart_c.sql", sql: "SELECT * FROM fct_a JOIN raw_x USING (k)" };
    expect(() => checkLineage([{ ...node, depends: ["fct_a"], reads: ["raw_x"] }], [...known])).not.toThrow();
    let thrown: unknown;
    try {
      checkLineage([{ ...node, depends: ["dim_b"], reads: [] }], [...known]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelLineageError);
    expect((thrown as ModelLineageError).code).toBe("TRANSFORM_LINEAGE_MISMATCH");
    expect((thrown as ModelLineageError).context).toMatchObject({
      undeclared: ["fct_a", "raw_x"],
      unused: ["dim_b"],
    });
  });

  it("every shipped model and custom test agrees with its header (loadModels checks)", () => {
    expect(loadModels().length).toBeGreaterThan(60);
    expect(loadDataTests().some((test) => test.name === "reporting_periods")).toBe(true);
  });

  it("the data dictionary shows each model's upstream, downstream and data tests", () => {
    const dictionary = renderDataDictionary();
    const section = dictionary.slice(
      dictionary.indexOf("### mart_absence_rate\n"),
      dictionary.indexOf("### mart_absence_rate_rolling12"),
    );
    expect(section).toContain("Upstream: `dim_organisation`, `fct_absence_days`, `fct_fte_days_available`.");
    expect(section).toContain("Downstream: `mart_absence_rate_rolling12`");
    expect(section).toContain("- `unique month_end, level, code, staff_group`");
    expect(section).toContain(
      "- `all_staff_groups_equals_sum` (custom SQL, `transforms/models/marts/all_staff_groups_equals_sum.test.sql`)",
    );
    expect(dictionary).toContain("### median_from_counts");
  });
});
