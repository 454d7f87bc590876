/** `ohwb status`'s table keeps its columns under their headings, a file's 76-character topic included. */
import { describe, expect, it } from "vitest";
import { formatIngestStatus } from "../../ingest/status.js";

describe("ohwb status table", () => {
  it("aligns every column under its heading whatever the topic's length", () => {
    const file = `file:sha256:${"0d0a7958".repeat(8)}`;
    const text = formatIngestStatus({
      partitions: [
        {
          topic: "ohwb.immunisation.administered",
          partition: 3,
          warehouseOffset: "12",
          highWaterMark: "12",
          lag: "0",
          updatedAt: "2026-12-07T14:54:41Z",
        },
        {
          topic: file,
          partition: 0,
          warehouseOffset: "3202",
          highWaterMark: null,
          lag: null,
          updatedAt: "2026-12-07T14:54:41Z",
        },
      ],
      gaps: [],
      deadLettersByReason: {},
      eventsLoaded: 3214,
      lastLoadAt: "2026-12-07T14:54:41Z",
      brokerNote: null,
    });
    const [header = "", ...rows] = text.split("\n");
    /** Where each whitespace-separated cell of a line ends. */
    const ends = (line: string) => [...line.matchAll(/\S+/g)].map((m) => m.index + m[0].length);
    const starts = (line: string) => [...line.matchAll(/\S+/g)].map((m) => m.index);
    const [, warehouseEnd, highWaterEnd] = ends(header);
    const updatedStart = starts(header)[4];
    for (const row of rows.slice(0, 2)) {
      // warehouse and high-water are right-aligned under their headings; updated starts under its heading
      const [, warehouse, highWater] = ends(row);
      expect(warehouse, row).toBe(warehouseEnd);
      expect(highWater, row).toBe(highWaterEnd);
      expect(starts(row)[4], row).toBe(updatedStart);
    }
  });
});
