/** What every activity model of one organisation shares: its staff, random stream and event sink. */
import type { TimedRecord } from "./event-factory.js";
import { EventFactory } from "./event-factory.js";
import { Random } from "./random.js";
import type { ReferenceOrganisation } from "./reference-organisations.js";
import { StaffRoster } from "./staff-roster.js";

export class OrganisationContext {
  readonly random: Random;
  readonly events: EventFactory;
  readonly roster: StaffRoster;
  private readonly counters = new Map<string, number>();

  constructor(
    readonly org: ReferenceOrganisation,
    slot: number,
    readonly seed: number,
    scale: number,
    readonly windowStartMs: number,
    readonly windowEndMs: number,
    private readonly sink: (record: TimedRecord) => void,
  ) {
    this.random = new Random(seed, org.code);
    this.events = new EventFactory(new Random(seed, org.code, "event-ids"), org.code);
    this.roster = new StaffRoster(org, slot, scale);
  }

  /** Next source-system id with a prefix, e.g. REF-RRK-000123. */
  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${this.org.code}-${String(n).padStart(6, "0")}`;
  }

  /** Emits an event if it happens inside the window; later or earlier facts are not yet (or no longer) sent. */
  emit(eventType: string, sourceSystem: string, at: number, payload: Record<string, unknown>): void {
    if (at < this.windowStartMs || at >= this.windowEndMs) return;
    this.sink(this.events.make(eventType, sourceSystem, at, payload));
  }

  inWindow(at: number): boolean {
    return at >= this.windowStartMs && at < this.windowEndMs;
  }
}
