/** Counts what a run produced: per event type (good) and per bad kind. */
import type { GeneratedRecord } from "./generated-record.js";

export class GenerationSummary {
  total = 0;
  good = 0;
  bad = 0;
  readonly byEventType: Record<string, number> = {};
  readonly badByKind: Record<string, number> = {};
  readonly byTopic: Record<string, number> = {};

  add(record: GeneratedRecord): void {
    this.total++;
    this.byTopic[record.topic] = (this.byTopic[record.topic] ?? 0) + 1;
    if (record.kind === "good") {
      this.good++;
      this.byEventType[record.eventType] = (this.byEventType[record.eventType] ?? 0) + 1;
    } else {
      this.bad++;
      const kind = record.badKind ?? "unknown";
      this.badByKind[kind] = (this.badByKind[kind] ?? 0) + 1;
    }
  }

  toJSON() {
    const sorted = (o: Record<string, number>) =>
      Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
    return {
      total: this.total,
      good: this.good,
      bad: this.bad,
      by_event_type: sorted(this.byEventType),
      bad_by_kind: sorted(this.badByKind),
      by_topic: sorted(this.byTopic),
    };
  }
}
