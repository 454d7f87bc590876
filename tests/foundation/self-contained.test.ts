/**
 * The project carries everything it needs: no tracked file names a path
 * outside the repository (a parent-folder shared/ copy of the reference data,
 * or an absolute path of a development machine). DEVELOPERS.md is the guide
 * addressed to the project's developers and names their own shared folder on
 * purpose; it is the one exception.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../core/project-root.js";

const root = projectRoot();
const exceptions = new Set(["DEVELOPERS.md", "package-lock.json"]);

/** Spelled in pieces so that this file does not name them itself. */
const forbidden = [
  ["..", "shared"].join("/"),
  ["", "work", ""].join("/"),
  ["", "home", ""].join("/"),
  ["", "root", ""].join("/"),
  ["", "Users", ""].join("/"),
];
// Wherever this checkout sits, a tracked file must not name the folder around it.
const parent = `${dirname(root)}/`;
if (parent.split("/").filter(Boolean).length > 1) forbidden.push(parent);

function trackedFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" });
  return listed.split("\0").filter((f) => f.length > 0 && !exceptions.has(f));
}

describe("self-contained", () => {
  it("no tracked file names a path outside the repository", () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const offences: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      for (const path of forbidden) {
        const at = text.indexOf(path);
        if (at >= 0) {
          const line = text.slice(0, at).split("\n").length;
          offences.push(`${file}:${line} names ${path}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });
});
