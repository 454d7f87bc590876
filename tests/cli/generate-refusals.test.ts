/** `ohwb generate` refuses a bad option before touching its output: an existing file stays as it was. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "../config/cli-run.js";

describe("ohwb generate --to FILE", () => {
  it("a bad option leaves an existing file untouched", () => {
    const dir = mkdtempSync(join(tmpdir(), "ohwb-generate-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const existing = join(dir, "existing.ndjson");
    writeFileSync(existing, '{"kept":true}\n');
    const result = runCli(["generate", "--to", existing, "--bad-rate", "0.6", "--quiet"]);
    expect(result.code).toBe(2); // a usage mistake
    expect(result.stderr).toContain("bad-rate");
    expect(readFileSync(existing, "utf8")).toBe('{"kept":true}\n');
    expect(readdirSync(dir)).toEqual(["existing.ndjson"]);
  });
});
