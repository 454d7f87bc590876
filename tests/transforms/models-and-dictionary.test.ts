import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataDictionaryPath, renderDataDictionary } from "../../transforms/data-dictionary.js";
import { dependencyOrder } from "../../transforms/dependency-order.js";
import { loadModels } from "../../transforms/model-catalogue.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { parseSqlHeader } from "../../transforms/sql-header.js";
import { freshWarehouse, rows, type TestWarehouse } from "./warehouse-fixture.js";

describe("dependency order", () => {
  it("builds each model after its dependencies, ties by name", () => {
    const order = dependencyOrder([
      { name: "mart", depends: ["fact", "dim"] },
      { name: "fact", depends: ["stg"] },
      { name: "dim", depends: [] },
      { name: "stg", depends: [] },
    ]).map((n) => n.name);
    expect(order).toEqual(["dim", "stg", "fact", "mart"]);
  });
  it("fails on a missing dependency and on a cycle, naming the models", () => {
    expect(() => dependencyOrder([{ name: "a", depends: ["nope"] }])).toThrow(/Model a depends on "nope"/);
    expect(() =>
      dependencyOrder([
        { name: "a", depends: ["b"] },
        { name: "b", depends: ["a"] },
        { name: "c", depends: [] },
      ]),
    ).toThrow(/cycle and cannot be ordered: a, b/);
  });
  it("orders the shipped models, marts last", () => {
    const order = dependencyOrder(loadModels()).map((m) => m.name);
    expect(order.indexOf("dim_date")).toBeLessThan(order.indexOf("fct_absence_days"));
    expect(order.indexOf("mart_absence_rate")).toBeLessThan(order.indexOf("mart_absence_rate_rolling12"));
    expect(order.at(-1)).toMatch(/^mart_/);
  });
});

describe("model headers", () => {
  it("parse description continuations, lists and column docs", () => {
    const { header, problems } = parseSqlHeader(
      "-- description: first\n--   second\n-- depends: a, b\n-- column: x | FTE days | Σ lost | kept\nSELECT 1",
    );
    expect(problems).toEqual([]);
    expect(header).toEqual({
      description: "first second",
      depends: ["a", "b"],
      reads: [],
      columns: [{ name: "x", unit: "FTE days", meaning: "Σ lost | kept" }],
      tests: [],
    });
    expect(parseSqlHeader("-- colum: x\nSELECT 1").problems[0]?.problem).toMatch(/unknown header key/);
  });
});

describe("built models against their documentation", () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await freshWarehouse();
    await runTransforms(t.connection, { asOf: "2024-01-31" }); // an empty warehouse builds
  });
  afterAll(() => t?.dispose());

  it("every model's columns are exactly the documented ones, in order", async () => {
    for (const model of loadModels()) {
      const columns = await rows(
        t.connection,
        `SELECT column_name FROM information_schema.columns WHERE table_name = '${model.name}' ORDER BY ordinal_position`,
      );
      expect(
        columns.map((c) => c.column_name),
        model.name,
      ).toEqual(model.columns.map((c) => c.name));
    }
  });

  it("a failing model rolls the whole build back, leaving the previous tables", async () => {
    const models = loadModels();
    const broken = {
      ...models[0],
      name: "zz_broken",
      layer: "marts" as const,
      path: "zz_broken.sql",
      depends: ["dim_date"],
      reads: [],
      columns: [],
      tests: [],
      description: "broken on purpose",
      sql: "SELECT no_such_column FROM dim_date",
    };
    await t.connection.run("CREATE OR REPLACE TABLE dim_date AS SELECT * FROM dim_date WHERE year = 2015");
    await expect(
      runTransforms(t.connection, { asOf: "2024-01-31", models: [...models, broken] }),
    ).rejects.toThrow(/Building model zz_broken \(zz_broken.sql\) failed; the previous build is unchanged/);
    const [days] = await rows(t.connection, "SELECT count(*)::INTEGER AS n FROM dim_date");
    expect(days?.n).toBe(365); // not rebuilt: the transaction rolled back
    await expect(
      runTransforms(t.connection, {
        asOf: "2024-01-31",
        models: [{ ...broken, depends: [], sql: "SELECT {{nope}}" }],
      }),
    ).rejects.toThrow(/Unknown parameter \{\{nope\}\}/);
    await expect(runTransforms(t.connection, { asOf: "31/01/2024" })).rejects.toThrow(
      /--as-of must be a date/,
    );
    await runTransforms(t.connection, { asOf: "2024-01-31" });
    const [rebuilt] = await rows(t.connection, "SELECT count(*)::INTEGER AS n FROM dim_date");
    expect(rebuilt?.n).toBe(5844);
  });

  it("the four marts share identical columns and types", async () => {
    const shapes = await rows(
      t.connection,
      `SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS shape
       FROM information_schema.columns WHERE table_name LIKE 'mart_absence_%' GROUP BY table_name ORDER BY table_name`,
    );
    expect(shapes).toHaveLength(4);
    expect(new Set(shapes.map((s) => s.shape)).size).toBe(1);
    expect(shapes[0]?.shape).toBe(
      "month_end DATE, level VARCHAR, code VARCHAR, name VARCHAR, staff_group VARCHAR, fte_days_lost DOUBLE, fte_days_available DOUBLE, rate_pct DOUBLE, suppressed BOOLEAN",
    );
  });
});

describe("data dictionary", () => {
  it("docs/data-dictionary.md is the generated one (run `ohwb transform --dictionary docs/data-dictionary.md`)", () => {
    expect(readFileSync(dataDictionaryPath(), "utf8")).toBe(renderDataDictionary());
  });
  it("documents every mart column with unit and formula", () => {
    const text = renderDataDictionary();
    expect(text).toContain("### mart_absence_benchmark");
    expect(text).toMatch(
      /\| `rate_pct` +\| percent +\| round\(Σ fte_days_lost ÷ Σ fte_days_available × 100, 2\)/,
    );
  });
});
