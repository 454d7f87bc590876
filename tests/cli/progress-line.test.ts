/** One progress helper for long steps: an updating line on a terminal, plain start/end lines in a log. */
import { describe, expect, it } from "vitest";
import { progressLine } from "../../cli/progress-line.js";
import { createLogger } from "../../core/logger.js";
import { fakeStream } from "../support/fake-stream.js";

describe("progressLine", () => {
  it("in a log: one line when the step starts, one when it ends, nothing in between", () => {
    const { stream, chunks } = fakeStream(false);
    const progress = progressLine("building the site", createLogger({ stream }));
    progress.update("page 3 of 9");
    progress.done("9 pages");
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toBe("building the site …\n");
    expect(chunks[1]).toMatch(/^building the site … done in \d+\.\d s \(9 pages\)\n$/);
  });

  it("on a terminal: rewrites one line in place and ends it with a newline", () => {
    const { stream, chunks } = fakeStream(true);
    const progress = progressLine("building the pack", createLogger({ stream }));
    progress.update("charts");
    progress.done("12 charts");
    const drawn = chunks.slice(0, -2);
    expect(drawn.every((chunk) => chunk.startsWith("\r\x1b[2K"))).toBe(true);
    expect(drawn.some((chunk) => chunk.includes("(charts)"))).toBe(true);
    expect(drawn.join("")).not.toContain("\n");
    // the logger ends the live line, then the result stands on a line of its own
    expect(chunks.at(-2)).toBe("\n");
    expect(chunks.at(-1)).toMatch(/done in \d+\.\d s \(12 charts\)\n$/);
  });
});
