/**
 * contracts/generated/ is committed: it must equal what `ohwb contracts export`
 * produces now (byte comparison), and the command's --check must notice drift.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contractsCommand } from "../../cli/commands/contracts.js";
import { generatedContractFiles, staleContractFiles } from "../../contracts/export/generated-files.js";
import { contractDefinitions, topics } from "../../contracts/index.js";
import { generatedDir } from "./independent-validator.js";

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-contracts-"));
  temporary.push(dir);
  return dir;
}

describe("generated contract files", () => {
  it("committed files are up to date (run `ohwb contracts export` if this fails)", () => {
    expect(staleContractFiles(generatedDir)).toEqual([]);
  });

  it("generation is deterministic", () => {
    expect([...generatedContractFiles()]).toEqual([...generatedContractFiles()]);
  });

  it("has a JSON Schema per event type and version, and an AsyncAPI message for each", () => {
    const files = generatedContractFiles();
    const asyncapi = JSON.parse(files.get("asyncapi.json") ?? "{}") as {
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, unknown> }>;
      operations: Record<string, { messages: unknown[] }>;
      components: { messages: Record<string, { payload: { schema: unknown } }> };
    };
    expect(asyncapi.asyncapi).toBe("3.0.0");
    expect(Object.values(asyncapi.channels).map((c) => c.address)).toEqual(topics.map((t) => t.name));
    for (const definition of contractDefinitions) {
      for (const version of definition.versions) {
        const id = `${definition.eventType}.v${version.version}`;
        const schema = JSON.parse(files.get(`json-schema/${id}.json`) ?? "null") as unknown;
        expect(schema, id).not.toBeNull();
        expect(asyncapi.components.messages[id]?.payload.schema, id).toEqual(schema);
        expect(asyncapi.channels[definition.topic]?.messages[id], id).toEqual({
          $ref: `#/components/messages/${id}`,
        });
      }
    }
    const catalogue = files.get("CONTRACTS.md") ?? "";
    for (const definition of contractDefinitions)
      expect(catalogue).toContain(`### \`${definition.eventType}\``);
  });

  it("every local $ref in the AsyncAPI document resolves", () => {
    const doc = JSON.parse(generatedContractFiles().get("asyncapi.json") ?? "{}") as unknown;
    const refs: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "$ref" && typeof value === "string") refs.push(value);
          else collect(value);
        }
      }
    };
    collect(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      expect(ref.startsWith("#/"), ref).toBe(true);
      let target: unknown = doc;
      for (const segment of ref.slice(2).split("/")) {
        target = (target as Record<string, unknown> | undefined)?.[
          segment.replaceAll("~1", "/").replaceAll("~0", "~")
        ];
      }
      expect(target, ref).toBeDefined();
    }
  });

  it("`contracts export` writes a fresh directory and `--check` detects drift and leftovers", async () => {
    const dir = tempDir();
    expect(await contractsCommand.run(["export", "--out", dir, "--check"])).toBe(1);
    expect(await contractsCommand.run(["export", "--out", dir])).toBe(0);
    expect(await contractsCommand.run(["export", "--out", dir, "--check"])).toBe(0);
    const asyncapiPath = join(dir, "asyncapi.json");
    writeFileSync(asyncapiPath, readFileSync(asyncapiPath, "utf8").replace("3.0.0", "3.0.1"));
    expect(staleContractFiles(dir)).toEqual(["asyncapi.json"]);
    expect(await contractsCommand.run(["export", "--out", dir, "--check"])).toBe(1);
    writeFileSync(join(dir, "json-schema", "ohwb.retired.v1.json"), "{}\n");
    expect(staleContractFiles(dir)).toEqual(["asyncapi.json", "json-schema/ohwb.retired.v1.json"]);
    expect(await contractsCommand.run(["export", "--out", dir])).toBe(0);
    expect(staleContractFiles(dir)).toEqual([]);
  });
});
