/**
 * Output directories are emptied before a build only when they are ours: missing, empty, marked by an
 * earlier build, or (packs) holding a pack manifest. Foreign directories are refused untouched, DIR must
 * not be a symlink, and a symlink inside DIR is unlinked without deleting anything it points to.
 * (Real builders on real directories: tests/dashboards/site-browser.test.ts and pack-browser.test.ts.)
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DashboardInputError } from "../../dashboards/dashboard-errors.js";
import {
  buildIntoOutputDirectory,
  OUTPUT_MARKER,
  prepareOutputDirectory,
} from "../../dashboards/output-directory.js";

/** Every path under dir (relative, sorted), symlinks listed but not followed. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("prepareOutputDirectory", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "ohwb-outdir-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("creates a missing directory (and its parents) holding only the marker", () => {
    const dir = join(root, "a", "b", "site");
    prepareOutputDirectory(dir, "dashboard-site");
    expect(tree(dir)).toEqual([OUTPUT_MARKER]);
    expect(JSON.parse(readFileSync(join(dir, OUTPUT_MARKER), "utf8"))).toMatchObject({
      writtenBy: "ohwb",
      kind: "dashboard-site",
    });
  });

  it("accepts an empty directory", () => {
    const dir = join(root, "empty");
    mkdirSync(dir);
    prepareOutputDirectory(dir, "evidence-pack");
    expect(tree(dir)).toEqual([OUTPUT_MARKER]);
  });

  it("empties a directory an earlier build marked, stale nested files included", () => {
    const dir = join(root, "site");
    prepareOutputDirectory(dir, "dashboard-site");
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "org-OLD.html"), "<p>stale page</p>");
    writeFileSync(join(dir, "data", "org-OLD.json"), "[]");
    writeFileSync(join(dir, ".hidden"), "x");
    prepareOutputDirectory(dir, "dashboard-site");
    expect(tree(dir)).toEqual([OUTPUT_MARKER]);
  });

  it("refuses a directory with foreign files, naming them, and leaves it untouched", () => {
    const dir = join(root, "documents");
    mkdirSync(join(dir, "notes"), { recursive: true });
    writeFileSync(join(dir, "thesis.docx"), "precious");
    writeFileSync(join(dir, "notes", "a.txt"), "also precious");
    const before = tree(dir);
    let thrown: unknown;
    try {
      prepareOutputDirectory(dir, "dashboard-site");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DashboardInputError);
    expect(thrown).toMatchObject({ code: "OUTPUT_DIR_NOT_OURS" });
    const text = (thrown as Error).message;
    expect(text).toContain(dir);
    expect(text).toContain("thesis.docx");
    expect(text).toMatch(/empty directory/);
    expect(text).toMatch(/delete/);
    expect(tree(dir)).toEqual(before);
    expect(readFileSync(join(dir, "thesis.docx"), "utf8")).toBe("precious");
  });

  it("does not take a marker it did not write (wrong content, or a directory named like it) as ours", () => {
    const forged = join(root, "forged");
    mkdirSync(forged);
    writeFileSync(join(forged, OUTPUT_MARKER), "something else");
    writeFileSync(join(forged, "keep.txt"), "keep");
    expect(() => prepareOutputDirectory(forged, "evidence-pack")).toThrow(/Refusing/);
    const dirMarker = join(root, "dir-marker");
    mkdirSync(join(dirMarker, OUTPUT_MARKER), { recursive: true });
    expect(() => prepareOutputDirectory(dirMarker, "evidence-pack")).toThrow(/Refusing/);
    expect(existsSync(join(forged, "keep.txt"))).toBe(true);
  });

  it("takes a pack manifest.json (a pack built before the marker existed) as ours, for packs only", () => {
    const dir = join(root, "old-pack");
    mkdirSync(join(dir, "charts"), { recursive: true });
    writeFileSync(
      join(dir, "manifest.json"),
      JSON.stringify({ manifestVersion: 1, pack: { scope: "england", quarter: "2023-Q4" }, files: [] }),
    );
    writeFileSync(join(dir, "charts", "old.svg"), "<svg/>");
    expect(() => prepareOutputDirectory(dir, "dashboard-site")).toThrow(/Refusing/);
    expect(existsSync(join(dir, "charts", "old.svg"))).toBe(true);
    prepareOutputDirectory(dir, "evidence-pack");
    expect(tree(dir)).toEqual([OUTPUT_MARKER]);

    const other = join(root, "other-manifest");
    mkdirSync(other);
    writeFileSync(join(other, "manifest.json"), JSON.stringify({ name: "someone else's app" }));
    expect(() => prepareOutputDirectory(other, "evidence-pack")).toThrow(/Refusing/);
    expect(existsSync(join(other, "manifest.json"))).toBe(true);
  });

  it("unlinks symlinks inside DIR without deleting what they point to", () => {
    const outside = join(root, "outside");
    mkdirSync(join(outside, "deep"), { recursive: true });
    writeFileSync(join(outside, "deep", "precious.txt"), "outside DIR");
    writeFileSync(join(root, "outside-file.txt"), "outside DIR too");
    const dir = join(root, "site");
    prepareOutputDirectory(dir, "dashboard-site");
    mkdirSync(join(dir, "assets"));
    symlinkSync(outside, join(dir, "linked-dir"));
    symlinkSync(outside, join(dir, "assets", "nested-link"));
    symlinkSync(join(root, "outside-file.txt"), join(dir, "linked-file.txt"));
    prepareOutputDirectory(dir, "dashboard-site");
    expect(tree(dir)).toEqual([OUTPUT_MARKER]);
    expect(readFileSync(join(outside, "deep", "precious.txt"), "utf8")).toBe("outside DIR");
    expect(readFileSync(join(root, "outside-file.txt"), "utf8")).toBe("outside DIR too");
  });

  it("refuses DIR when it is a symlink (even to one of our directories) or a file", () => {
    const real = join(root, "real");
    prepareOutputDirectory(real, "dashboard-site");
    writeFileSync(join(real, "page.html"), "<p>ours</p>");
    const link = join(root, "link");
    symlinkSync(real, link);
    expect(() => prepareOutputDirectory(link, "dashboard-site")).toThrow(/symbolic link/);
    expect(tree(real)).toEqual([OUTPUT_MARKER, "page.html"].sort());
    const file = join(root, "file.txt");
    writeFileSync(file, "not a directory");
    expect(() => prepareOutputDirectory(file, "evidence-pack")).toThrow(
      expect.objectContaining({ code: "OUTPUT_DIR_NOT_DIRECTORY" }),
    );
    expect(readFileSync(file, "utf8")).toBe("not a directory");
  });
});

describe("buildIntoOutputDirectory", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "ohwb-staged-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("replaces the directory only when the build succeeds, and leaves no staging directory", async () => {
    const dir = join(root, "out");
    await buildIntoOutputDirectory(dir, "dashboard-site", async (staging) => {
      expect(tree(staging)).toEqual([OUTPUT_MARKER]);
      writeFileSync(join(staging, "good.html"), "first");
    });
    expect(tree(dir)).toEqual([OUTPUT_MARKER, "good.html"].sort());
    await expect(
      buildIntoOutputDirectory(dir, "dashboard-site", async (staging) => {
        writeFileSync(join(staging, "violating.html"), "ps_0123456789abcdef0123");
        throw new Error("gate failed");
      }),
    ).rejects.toThrow("gate failed");
    expect(tree(dir)).toEqual([OUTPUT_MARKER, "good.html"].sort());
    expect(readFileSync(join(dir, "good.html"), "utf8")).toBe("first");
    await buildIntoOutputDirectory(dir, "dashboard-site", async (staging) => {
      writeFileSync(join(staging, "second.html"), "second");
    });
    expect(tree(dir)).toEqual([OUTPUT_MARKER, "second.html"].sort());
    expect(readdirSync(root)).toEqual(["out"]);
  });

  it("refuses a directory that is not ours before building anything", async () => {
    const dir = join(root, "foreign");
    mkdirSync(dir);
    writeFileSync(join(dir, "thesis.docx"), "mine");
    let built = false;
    await expect(
      buildIntoOutputDirectory(dir, "evidence-pack", async () => {
        built = true;
      }),
    ).rejects.toThrow(/Refusing/);
    expect(built).toBe(false);
    expect(tree(dir)).toEqual(["thesis.docx"]);
  });
});
