/**
 * The nesting check before JSON.parse: a count of opening brackets settles most
 * events at once; the byte scan decides the rest, ignoring brackets in strings.
 */
import { describe, expect, it } from "vitest";
import { decodeMessage, MAX_NESTING_DEPTH } from "../../ingest/decode.js";

const nested = (depth: number) => Buffer.from(`${"[".repeat(depth)}${"]".repeat(depth)}`);

describe("decodeMessage nesting", () => {
  it("accepts the deepest allowed value and refuses one level more", () => {
    expect(decodeMessage(nested(MAX_NESTING_DEPTH))).toMatchObject({ ok: true });
    expect(decodeMessage(nested(MAX_NESTING_DEPTH + 1))).toMatchObject({
      ok: false,
      reason: "NESTING_TOO_DEEP",
    });
  });

  it("does not count brackets inside strings, however many", () => {
    const value = { note: "[".repeat(40) + "{".repeat(40), list: [[1], [2], [3]], more: { a: { b: [1] } } };
    expect(decodeMessage(Buffer.from(JSON.stringify(value)))).toEqual({ ok: true, value });
  });

  it("refuses deep nesting hidden among shallow siblings", () => {
    const deep = `{"a":[1,2],"b":{"c":1},"d":${nested(MAX_NESTING_DEPTH).toString()}}`;
    expect(decodeMessage(Buffer.from(deep))).toMatchObject({ ok: false, reason: "NESTING_TOO_DEEP" });
  });
});
