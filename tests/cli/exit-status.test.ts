/**
 * How an error a user can cause becomes one sentence and an exit code (cli/exit-status.ts): the file
 * system's errors name the path and what to do, in words; none is "Unexpected error".
 */
import { describe, expect, it } from "vitest";
import { exitStatus } from "../../cli/exit-status.js";
import { ConfigError, OhwbError, UsageError } from "../../core/errors.js";

function systemError(code: string, path: string, syscall = "open"): Error {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, path, syscall });
}

describe("exit status", () => {
  it("gives 2 for usage, 1 for a failure, 75 when trying again can help", () => {
    expect(exitStatus(new UsageError("--orgs must be a whole number")).code).toBe(2);
    expect(exitStatus(new ConfigError("bad config")).code).toBe(1);
    expect(exitStatus(new OhwbError("X", "broker away", { retriable: true })).code).toBe(75);
  });

  it.each([
    ["ENOENT", "/data/x.csv", "Cannot read /data/x.csv: no such file"],
    ["EACCES", "/data/x.csv", "Cannot access /data/x.csv: permission denied"],
    ["EISDIR", "/data", "/data is a folder; a file name is needed there"],
    ["EEXIST", "/data/report.csv", "/data/report.csv cannot be made a folder: a file of that name"],
    ["ENOTDIR", "/data/report.csv/x", "/data/report.csv/x cannot be made a folder"],
    ["ENOSPC", "/data/x.csv", "Cannot write /data/x.csv: the disk is full"],
    ["EROFS", "/data/x.csv", "Cannot write /data/x.csv: the file system is read-only"],
  ])("%s on %s: %s", (code, path, sentence) => {
    const status = exitStatus(systemError(code, path));
    expect(status.code).toBe(1);
    expect(status.message).toContain(sentence);
    expect(status.message).not.toContain("Unexpected error");
  });
});
