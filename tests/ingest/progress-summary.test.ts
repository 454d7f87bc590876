/**
 * The ingest summary's rate: first to last load when the loads span a second or more, otherwise the
 * whole run's (one batch loaded in a millisecond once read "4840000 events/s").
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { IngestProgress } from "../../ingest/progress.js";

const batch = (loaded: number) => ({ loaded, duplicates: 0, skipped: 0, deadLetters: [] });

describe("the ingest summary's rate", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs from the first to the last load when they are a second or more apart", () => {
    vi.useFakeTimers({ now: 0 });
    const progress = new IngestProgress();
    vi.setSystemTime(5_000); // the group join and the first fetch
    progress.record(batch(1_000));
    vi.setSystemTime(7_000);
    progress.record(batch(3_000));
    vi.setSystemTime(10_000); // the idle wait
    expect(progress.summary()).toContain("(2000 events/s from first to last load)");
  });

  it("falls back to the whole run when every load came within a second", () => {
    vi.useFakeTimers({ now: 0 });
    const progress = new IngestProgress();
    vi.setSystemTime(3_000);
    progress.record(batch(4_840));
    vi.setSystemTime(3_001);
    progress.record(batch(0));
    vi.setSystemTime(4_000);
    expect(progress.summary()).toContain("(1210 events/s over the whole run)");
  });
});
