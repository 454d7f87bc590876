/**
 * The `ohwb` command line behaves like the tools analysts already use:
 * `--version`, `help <command>`, a suggestion for a typo, exit 2 for usage,
 * no stack trace for an ordinary mistake, quiet EPIPE into `head`.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandIndex } from "../../cli/command-index.js";
import { UsageError } from "../../core/errors.js";
import { projectRoot } from "../../core/project-root.js";
import { runCli } from "../config/cli-run.js";
import { cliPath } from "../ingest/ingest-process.js";
import { type SmallWarehouse, smallWarehouse, testKeyEnv } from "./small-warehouse.js";

const stackFrame = /\n\s+at /;

describe("ohwb: the command line", () => {
  it("prints its version from package.json", () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8"));
    const result = runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it("`help <command>` prints that command's usage, not the overview", () => {
    const result = runCli(["help", "query"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: ohwb query /);
    expect(runCli(["query", "--help"]).stdout).toBe(result.stdout);
    // a command that does not exist is said to be unknown, with a suggestion, not answered with the overview
    const typo = runCli(["help", "expor"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'expor'");
    expect(typo.stderr).toContain("(Did you mean export?)");
  });

  it("suggests the command meant by a typo and exits 2", () => {
    const result = runCli(["quer"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Did you mean query?");
  });

  it("exits 2 for a usage error and names the command's help", () => {
    const result = runCli(["transform", "--no-such-option"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ohwb transform --help");
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it("every command has commander's usage line, reports with --json, and refuses a mistyped option as usage", async () => {
    // in this process (the help text and the parse are the command's own); the exit code 2 and the
    // hint on stderr are the entry point's, checked through the CLI just above and for one command here
    for (const entry of commandIndex) {
      const command = await entry.load();
      const name = entry.name;
      expect(command.usage, name).toMatch(new RegExp(`^Usage: ohwb ${name} \\[options\\]`));
      // query reports in the format asked for (--format json); every other command has --json
      expect(command.usage, name).toMatch(name === "query" ? /--format <FORMAT>[^\n]*json/ : /^ {2}--json /m);
      const typo = await command.run(["--jsno"]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(typo, name).toBeInstanceOf(UsageError);
      expect((typo as Error).message, name).toContain(`unknown option '--jsno'`);
    }
    const typo = runCli(["pack", "--jsno"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("(Did you mean --json?)");
    expect(typo.stderr).toContain("ohwb pack --help");
    expect(typo.stderr).not.toMatch(stackFrame);
  });

  it("a missing --file is one sentence, not a stack trace", () => {
    const result = runCli(["query", "--file", "no-such-query.sql"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no-such-query.sql: no such file");
    expect(result.stderr).not.toMatch(stackFrame);
  });

  describe("over a small warehouse", () => {
    let small: SmallWarehouse;
    afterAll(() => {
      if (small !== undefined) rmSync(small.dir, { recursive: true, force: true });
    });
    beforeAll(async () => {
      small = await smallWarehouse();
      const built = runCli(["transform", "--warehouse", small.warehouse]);
      expect(built.code, built.stderr).toBe(0);
    });

    it("`ohwb query … | head` ends quietly when the reader goes away (EPIPE)", async () => {
      const child = spawn(
        process.execPath,
        [cliPath(), "query", "--warehouse", small.warehouse, "SELECT range AS n FROM range(50000)"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      // Like `head -1`: read the first chunk, then close the pipe.
      child.stdout.once("data", () => child.stdout.destroy());
      const code = await new Promise<number | null>((done) => child.on("close", done));
      expect(code).toBe(0);
      expect(stderr).not.toMatch(stackFrame);
      expect(stderr).not.toContain("EPIPE");
    });

    it("files and folders in the wrong place are one sentence each, and --out makes its folder", () => {
      const folder = join(small.dir, "a-folder");
      mkdirSync(folder, { recursive: true });
      const asFile = runCli(["query", "--warehouse", small.warehouse, "--file", folder]);
      expect(asFile.code).toBe(1);
      expect(asFile.stderr).toContain(`--file ${folder} is a folder`);
      const ingested = runCli(["ingest", "--from-file", folder, "--warehouse", small.warehouse], {
        env: testKeyEnv,
      });
      expect(ingested.code).toBe(1);
      expect(ingested.stderr).toContain(`${folder} is a folder; --from-file takes one NDJSON file`);
      const blocked = join(small.dir, "a-file.txt");
      writeFileSync(blocked, "kept\n");
      const exported = runCli([
        "export",
        "--warehouse",
        small.warehouse,
        "--format",
        "csv",
        "--out",
        blocked,
      ]);
      expect(exported.code).toBe(1);
      expect(exported.stderr).toContain("a file of that name (or above it) is in the way");
      expect(readFileSync(blocked, "utf8")).toBe("kept\n");
      const nested = join(small.dir, "new", "deeper", "answer.csv");
      const written = runCli([
        "query",
        "--warehouse",
        small.warehouse,
        "--format",
        "csv",
        "--out",
        nested,
        "SELECT 42 AS answer",
      ]);
      expect(written.code, written.stderr).toBe(0);
      expect(readFileSync(nested, "utf8")).toBe("answer\r\n42\r\n");
      for (const run of [asFile, ingested, exported, written]) {
        expect(run.stderr).not.toMatch(stackFrame);
        expect(run.stderr).not.toContain("Unexpected error");
      }
    });

    it("reads SQL from stdin with `--file -`, and refuses several statements", () => {
      const args = ["query", "--warehouse", small.warehouse, "--format", "csv", "--file", "-"];
      const one = spawnSync(process.execPath, [cliPath(), ...args], {
        input: "SELECT 6 * 7 AS answer",
        encoding: "utf8",
      });
      expect(one.status, one.stderr).toBe(0);
      expect(one.stdout).toBe("answer\r\n42\r\n");
      const two = spawnSync(process.execPath, [cliPath(), ...args], {
        input: "SELECT 1; SELECT 2",
        encoding: "utf8",
      });
      expect(two.status).toBe(1);
      expect(two.stderr).toContain("holds 2 statements");
    });

    it("table output rounds floating-point noise; CSV keeps every digit", () => {
      const sql = "SELECT 29947.800000000003::DOUBLE AS cost";
      const table = runCli(["query", "--warehouse", small.warehouse, sql]);
      expect(table.stdout).toContain("29947.8\n");
      expect(table.stdout).not.toContain("29947.800000000003");
      const csv = runCli(["query", "--warehouse", small.warehouse, "--format", "csv", sql]);
      expect(csv.stdout).toContain("29947.800000000003");
    });
  });
});
