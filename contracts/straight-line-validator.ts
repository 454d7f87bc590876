/**
 * A Zod schema compiled into straight-line JavaScript that only says yes: for a
 * valid input it returns exactly what `schema.parse` would (the same values,
 * the same key order, the same transforms), and for anything else it returns
 * `undefined`, and the caller asks Zod, so every refusal, its reason and its
 * issues still come from Zod alone. The schema stays the one source: the
 * code is generated from its definition (`_zod.def`, Zod 4's published
 * internals for tool authors) when first used.
 *
 * Why: Zod's generic walk was the largest single item of ingest's per-event
 * work (BENCHMARKS.md, Ingest); nearly every event is valid, so the common case
 * gets a function with no allocation but its output.
 *
 * Only constructs whose meaning is copied exactly are compiled; any other makes
 * `compileAcceptor` return `undefined` (that contract then always goes to Zod),
 * and `tests/contracts/straight-line-validator.test.ts` checks that every
 * contract compiles and agrees with Zod on many good and bad events.
 */
import type { z } from "zod";

/** The compiled check: Zod's output for a valid input, `undefined` for "ask Zod". */
export type Acceptor = (input: unknown) => unknown;

interface SchemaDef {
  type: string;
  checks?: readonly CheckLike[];
  check?: string;
  [key: string]: unknown;
}

interface CheckLike {
  _zod: { def: { check: string; [key: string]: unknown }; check(payload: unknown): unknown };
}

interface SchemaLike {
  _zod: { def: SchemaDef; values?: ReadonlySet<unknown> };
}

/** A construct the compiler does not copy; the contract falls back to Zod. */
class Unsupported extends Error {}

/** Builds one function's source; constants (regexes, sets, Zod's own transforms) are passed in. */
class Emitter {
  readonly constants: unknown[] = [];
  private nextVar = 0;

  constant(value: unknown): string {
    this.constants.push(value);
    return `k[${this.constants.length - 1}]`;
  }

  variable(): string {
    return `v${this.nextVar++}`;
  }

  /** Statements that check `input` against `schema` and leave its output in `out` (already declared). */
  node(schema: SchemaLike, input: string, out: string): string {
    const def = schema._zod.def;
    switch (def.type) {
      case "string":
        return this.string(schema, input, out);
      case "number":
        return this.number(schema, input, out);
      case "boolean":
        this.noChecks(def);
        return `if (typeof ${input} !== "boolean") return undefined;\n${out} = ${input};\n`;
      case "null":
        this.noChecks(def);
        return `if (${input} !== null) return undefined;\n${out} = null;\n`;
      case "literal":
        return this.literal(schema, input, out);
      case "enum":
        this.noChecks(def);
        if (!schema._zod.values) throw new Unsupported("enum without values");
        return `if (!${this.constant(schema._zod.values)}.has(${input})) return undefined;\n${out} = ${input};\n`;
      case "nullable":
        this.noChecks(def);
        return `if (${input} === null) ${out} = null;\nelse {\n${this.node(def.innerType as SchemaLike, input, out)}}\n`;
      case "array":
        return this.array(schema, input, out);
      case "object":
        return this.object(schema, input, out);
      case "union":
        return this.discriminatedUnion(schema, input, out);
      default:
        throw new Unsupported(`type ${def.type}`);
    }
  }

  private noChecks(def: SchemaDef): void {
    if (def.check !== undefined || (def.checks?.length ?? 0) > 0)
      throw new Unsupported(`checks on ${def.type}`);
  }

  /** A schema that is itself a check (z.uuid(), z.int()) runs that check first, then its others. */
  private checksOf(schema: SchemaLike): readonly CheckLike[] {
    const def = schema._zod.def;
    const own = def.check !== undefined ? [schema as unknown as CheckLike] : [];
    return [...own, ...(def.checks ?? [])];
  }

  private string(schema: SchemaLike, input: string, out: string): string {
    let code = `if (typeof ${input} !== "string") return undefined;\n${out} = ${input};\n`;
    for (const check of this.checksOf(schema)) {
      const c = check._zod.def;
      switch (c.check) {
        case "min_length":
          code += `if (${out}.length < ${Number(c.minimum)}) return undefined;\n`;
          break;
        case "max_length":
          code += `if (${out}.length > ${Number(c.maximum)}) return undefined;\n`;
          break;
        case "string_format": {
          // Formats whose whole check is their pattern (others, e.g. url, run code of their own).
          const pattern = c.pattern;
          if (!(pattern instanceof RegExp) || !["regex", "uuid"].includes(String(c.format)))
            throw new Unsupported(`string format ${String(c.format)}`);
          if (pattern.global || pattern.sticky) throw new Unsupported("stateful pattern");
          code += `if (!${this.constant(pattern)}.test(${out})) return undefined;\n`;
          break;
        }
        case "overwrite":
          // Zod's own transform (trim, toUpperCase, toLowerCase), in its place among the checks.
          code += `${out} = ${this.constant(c.tx)}(${out});\n`;
          break;
        default:
          throw new Unsupported(`string check ${c.check}`);
      }
    }
    return code;
  }

  private number(schema: SchemaLike, input: string, out: string): string {
    let code = `if (typeof ${input} !== "number" || !Number.isFinite(${input})) return undefined;\n${out} = ${input};\n`;
    for (const check of this.checksOf(schema)) {
      const c = check._zod.def;
      switch (c.check) {
        case "greater_than":
          code += `if (!(${out} ${c.inclusive ? ">=" : ">"} ${Number(c.value)})) return undefined;\n`;
          break;
        case "less_than":
          code += `if (!(${out} ${c.inclusive ? "<=" : "<"} ${Number(c.value)})) return undefined;\n`;
          break;
        case "number_format":
          if (c.format !== "safeint") throw new Unsupported(`number format ${String(c.format)}`);
          code += `if (!Number.isSafeInteger(${out})) return undefined;\n`;
          break;
        default:
          throw new Unsupported(`number check ${c.check}`);
      }
    }
    return code;
  }

  private literal(schema: SchemaLike, input: string, out: string): string {
    this.noChecks(schema._zod.def);
    const values = schema._zod.def.values as readonly unknown[];
    const simple = values.every(
      (v) => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && !Number.isNaN(v)),
    );
    if (!simple || values.length === 0) throw new Unsupported("literal of other values");
    const test = values.map((v) => `${input} === ${JSON.stringify(v)}`).join(" || ");
    return `if (!(${test})) return undefined;\n${out} = ${input};\n`;
  }

  private array(schema: SchemaLike, input: string, out: string): string {
    const def = schema._zod.def;
    let code = `if (!Array.isArray(${input})) return undefined;\n`;
    for (const check of def.checks ?? []) {
      const c = check._zod.def;
      if (c.check === "min_length") code += `if (${input}.length < ${Number(c.minimum)}) return undefined;\n`;
      else if (c.check === "max_length")
        code += `if (${input}.length > ${Number(c.maximum)}) return undefined;\n`;
      else throw new Unsupported(`array check ${c.check}`);
    }
    const list = this.variable();
    const i = this.variable();
    const item = this.variable();
    const element = this.variable();
    code += `const ${list} = new Array(${input}.length);\n`;
    code += `for (let ${i} = 0; ${i} < ${input}.length; ${i}++) {\nconst ${item} = ${input}[${i}];\nlet ${element};\n`;
    code += this.node(def.element as SchemaLike, item, element);
    code += `${list}[${i}] = ${element};\n}\n${out} = ${list};\n`;
    return code;
  }

  private object(schema: SchemaLike, input: string, out: string): string {
    const def = schema._zod.def;
    if ((def.catchall as SchemaLike | undefined)?._zod.def.type !== "never")
      throw new Unsupported("object that is not strict");
    const shape = def.shape as Record<string, SchemaLike>;
    const keys = Object.keys(shape);
    if (keys.includes("__proto__")) throw new Unsupported("__proto__ key");
    const result = this.variable();
    const present = this.variable();
    let code =
      `if (typeof ${input} !== "object" || ${input} === null || Array.isArray(${input})) return undefined;\n` +
      `const ${result} = {};\nlet ${present} = 0;\n`;
    for (const key of keys) {
      const field = shape[key] as SchemaLike;
      const name = JSON.stringify(key);
      const value = this.variable();
      const parsed = this.variable();
      code += `const ${value} = ${input}[${name}];\nlet ${parsed};\n`;
      if (field._zod.def.type === "optional") {
        if ((field._zod.def.checks?.length ?? 0) > 0) throw new Unsupported("checks on optional");
        // Absent: left out of the output, as Zod does. Present as undefined (not JSON): ask Zod.
        code += `if (${value} === undefined) { if (${name} in ${input}) return undefined; }\nelse {\n`;
        code += this.node(field._zod.def.innerType as SchemaLike, value, parsed);
        code += `${result}[${name}] = ${parsed};\n${present}++;\n}\n`;
      } else {
        code += this.node(field, value, parsed);
        code += `${result}[${name}] = ${parsed};\n${present}++;\n`;
      }
    }
    // Strict: any key beyond the known ones present means a refusal (or an inherited oddity): ask Zod.
    const key = this.variable();
    const count = this.variable();
    code += `let ${count} = 0;\nfor (const ${key} in ${input}) ${count}++;\nif (${count} !== ${present}) return undefined;\n`;
    for (const check of def.checks ?? []) {
      const c = check._zod.def;
      if (c.check !== "custom") throw new Unsupported(`object check ${c.check}`);
      // A refinement (cross-field rules): Zod's own check function, run on the output as Zod runs it.
      const issues = this.variable();
      code += `const ${issues} = [];\n`;
      code += `if (${this.constant(check)}._zod.check({ value: ${result}, issues: ${issues} }) !== undefined || ${issues}.length > 0) return undefined;\n`;
    }
    return `${code}${out} = ${result};\n`;
  }

  private discriminatedUnion(schema: SchemaLike, input: string, out: string): string {
    const def = schema._zod.def;
    const discriminator = def.discriminator;
    if (typeof discriminator !== "string") throw new Unsupported("union without a discriminator");
    this.noChecks(def);
    const tag = this.variable();
    let code =
      `if (typeof ${input} !== "object" || ${input} === null || Array.isArray(${input})) return undefined;\n` +
      `const ${tag} = ${input}[${JSON.stringify(discriminator)}];\n`;
    const branches: string[] = [];
    for (const option of def.options as readonly SchemaLike[]) {
      const tagSchema = (option._zod.def.shape as Record<string, SchemaLike> | undefined)?.[discriminator];
      if (tagSchema?._zod.def.type !== "literal") throw new Unsupported("discriminator not a literal");
      const values = tagSchema._zod.def.values as readonly unknown[];
      const test = values.map((v) => `${tag} === ${JSON.stringify(v)}`).join(" || ");
      branches.push(`if (${test}) {\n${this.node(option, input, out)}}\n`);
    }
    code += `${branches.join("else ")}else return undefined;\n`;
    return code;
  }
}

/** The acceptor for `schema`, or `undefined` when it uses a construct not compiled (then Zod decides alone). */
export function compileAcceptor(schema: z.ZodType): Acceptor | undefined {
  const emitter = new Emitter();
  let body: string;
  try {
    body = emitter.node(schema as unknown as SchemaLike, "input", "output");
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const source = `return function accept(input) {\nlet output;\n${body}return output;\n};`;
  return new Function("k", source)(emitter.constants) as Acceptor;
}

/** Why `schema` is not compiled, or `undefined` when it is (for tests and diagnostics). */
export function unsupportedConstruct(schema: z.ZodType): string | undefined {
  try {
    new Emitter().node(schema as unknown as SchemaLike, "input", "output");
    return undefined;
  } catch (error) {
    if (error instanceof Unsupported) return error.message;
    throw error;
  }
}
