/**
 * `--select` parsing and resolution (dbt's selector syntax) on a small graph and on the real models:
 * graph operators, levels, unions and intersections, and a selector naming no model failing as a
 * usage error with the closest names.
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { closestNames, editDistance } from "../../transforms/closest-names.js";
import { loadModels } from "../../transforms/model-catalogue.js";
import { parseSelection, parseSelector, selectModels } from "../../transforms/model-selection.js";
import { ModelSelectorError } from "../../transforms/transform-errors.js";

// stg_a → fct_b → mart_c → mart_d;  stg_x → fct_b;  stg_x → mart_y
const graph = [
  { name: "stg_a", depends: [] },
  { name: "stg_x", depends: [] },
  { name: "fct_b", depends: ["stg_a", "stg_x"] },
  { name: "mart_c", depends: ["fct_b"] },
  { name: "mart_d", depends: ["mart_c"] },
  { name: "mart_y", depends: ["stg_x"] },
];
const select = (text: string) => [...selectModels(graph, text)].sort();

describe("parsing selectors", () => {
  it("reads the graph operators and their levels", () => {
    expect(parseSelector("mart_c")).toEqual({
      text: "mart_c",
      model: "mart_c",
      parents: 0,
      children: 0,
      at: false,
    });
    expect(parseSelector("+mart_c+")).toMatchObject({ parents: Infinity, children: Infinity, at: false });
    expect(parseSelector("2+mart_c+1")).toMatchObject({ model: "mart_c", parents: 2, children: 1 });
    expect(parseSelector("@fct_b")).toMatchObject({
      model: "fct_b",
      parents: 0,
      children: Infinity,
      at: true,
    });
  });

  it("splits spaces and repeated options into a union, commas into an intersection", () => {
    const parsed = parseSelection(["mart_c+  stg_a", "fct_b+,+mart_d"]);
    expect(parsed.map((part) => part.map((s) => s.text))).toEqual([
      ["mart_c+"],
      ["stg_a"],
      ["fct_b+", "+mart_d"],
    ]);
  });

  it("refuses what is not selector syntax, as a usage error (exit 2)", () => {
    for (const text of ["tag:nightly", "++mart_c", "mart_c++", "@+mart_c", "mart-c", ""]) {
      expect(() => parseSelection(text), text).toThrow(ModelSelectorError);
    }
    expect(() => parseSelection("  ")).toThrow(/needs at least one model/);
    expect(new ModelSelectorError("x")).toBeInstanceOf(UsageError);
  });
});

describe("resolving a selection", () => {
  it("MODEL, MODEL+, +MODEL, +MODEL+", () => {
    expect(select("fct_b")).toEqual(["fct_b"]);
    expect(select("fct_b+")).toEqual(["fct_b", "mart_c", "mart_d"]);
    expect(select("+fct_b")).toEqual(["fct_b", "stg_a", "stg_x"]);
    expect(select("+mart_c+")).toEqual(["fct_b", "mart_c", "mart_d", "stg_a", "stg_x"]);
  });

  it("limits levels: 1+MODEL is the model and what it reads directly", () => {
    expect(select("1+mart_c")).toEqual(["fct_b", "mart_c"]);
    expect(select("stg_x+1")).toEqual(["fct_b", "mart_y", "stg_x"]);
  });

  it("@MODEL adds everything the selected downstream reads", () => {
    expect(select("@stg_a")).toEqual(["fct_b", "mart_c", "mart_d", "stg_a", "stg_x"]);
  });

  it("unions space-separated selectors and intersects comma-joined ones (as dbt)", () => {
    expect(select("mart_d stg_x+1")).toEqual(["fct_b", "mart_d", "mart_y", "stg_x"]);
    expect(select("stg_x+,+mart_d")).toEqual(["fct_b", "mart_c", "mart_d", "stg_x"]);
    expect(() => select("mart_y,mart_d")).toThrow(/selects no model/);
  });

  it("a model that is not there is a usage error naming the closest models", () => {
    const failure = (text: string): Error => {
      try {
        select(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelSelectorError);
        return error as Error;
      }
      throw new Error(`${text} was accepted`);
    };
    expect(failure("mart_cc+").message).toContain('no model is named "mart_cc"');
    expect(failure("mart_cc+").message).toContain("Did you mean mart_c, mart_d, mart_y?");
    expect(failure("fct_b completely_unrelated_name").message).not.toContain("Did you mean");
  });

  it("on the real models: mart_absence_rate+ is it and exactly the models reading it, transitively", () => {
    const models = loadModels();
    const selected = selectModels(models, "mart_absence_rate+");
    expect(selected.has("mart_absence_rate")).toBe(true);
    expect(selected.has("mart_absence_rate_rolling12")).toBe(true);
    for (const model of models) {
      const readsSelected = model.depends.some((name) => selected.has(name));
      if (model.name !== "mart_absence_rate")
        expect(selected.has(model.name), model.name).toBe(readsSelected);
    }
    expect(selected.has("fct_absence_days")).toBe(false);
  });
});

describe("closest names", () => {
  it("measures edits and suggests near names and names containing what was typed", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    const names = loadModels().map((model) => model.name);
    expect(closestNames("mart_absense_rate", names)[0]).toBe("mart_absence_rate");
    expect(closestNames("absence_rate", names)).toContain("mart_absence_rate");
    expect(closestNames("zzzzzzzz", names)).toEqual([]);
  });
});
