/** The one logger (core/logger.ts): levels filter, errors always show, progress lines never collide with messages. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../core/config.js";
import { createLogger, logLevelFromEnvironment } from "../../core/logger.js";
import { fakeStream } from "../support/fake-stream.js";

describe("the logger", () => {
  it("shows what its level allows, and errors at every level", () => {
    const { stream, chunks } = fakeStream(false);
    const log = createLogger({ stream, level: "warn" });
    log.debug("d");
    log.info("i");
    log.progress("p");
    log.warn("w");
    log.error("e");
    log.level = "error";
    log.warn("w2");
    log.error("e2");
    log.level = "debug";
    log.debug("d2");
    expect(chunks).toEqual(["w\n", "e\n", "e2\n", "d2\n"]);
  });

  it("ends a live progress line on a terminal before any message, and writes plain lines elsewhere", () => {
    const tty = fakeStream(true);
    const live = createLogger({ stream: tty.stream });
    live.progress("loaded 10");
    live.progress("loaded 20");
    live.info("rejoined the group");
    live.progress("loaded 30");
    expect(tty.chunks).toEqual([
      "\r\u001b[2Kloaded 10",
      "\r\u001b[2Kloaded 20",
      "\n",
      "rejoined the group\n",
      "\r\u001b[2Kloaded 30",
    ]);
    const piped = fakeStream(false);
    const plain = createLogger({ stream: piped.stream });
    plain.progress("loaded 10");
    plain.info("done");
    expect(piped.chunks).toEqual(["loaded 10\n", "done\n"]);
  });

  it("takes its level from log.level, OHWB_LOG_LEVEL, or OHWB_DEBUG", () => {
    expect(loadConfig(undefined, { OHWB_CONFIG: "" }).config.log.level).toBe("info");
    expect(loadConfig(undefined, { OHWB_LOG_LEVEL: "WARN" }).config.log.level).toBe("warn");
    expect(() => loadConfig(undefined, { OHWB_LOG_LEVEL: "loud" })).toThrow(/log\.level|OHWB_LOG_LEVEL/);
    expect(logLevelFromEnvironment({ OHWB_LOG_LEVEL: "debug" })).toBe("debug");
    expect(logLevelFromEnvironment({ OHWB_DEBUG: "1" })).toBe("debug");
    expect(logLevelFromEnvironment({})).toBeUndefined();
  });
});
