/**
 * Wraps payloads in the contract envelope with deterministic ids and
 * timestamps, and serialises them at once (buckets hold text, not objects).
 */
import { eventTypeInfo } from "../contracts/index.js";
import { isoDateTime } from "./calendar.js";
import type { Random } from "./random.js";

export interface TimedRecord {
  /** occurred_at in epoch ms: the sort key within a month. */
  at: number;
  topic: string;
  key: string;
  value: string;
  eventType: string;
}

interface TypeRoute {
  topic: string;
  version: number;
  keyField: string;
}

const routes = new Map<string, TypeRoute>();

function routeFor(eventType: string): TypeRoute {
  let route = routes.get(eventType);
  if (!route) {
    const info = eventTypeInfo(eventType);
    if (!info) throw new Error(`generator: no contract for ${eventType}`);
    route = {
      topic: info.topic,
      version: info.currentVersion,
      keyField: info.partitionKey.replace(/^payload\./, ""),
    };
    routes.set(eventType, route);
  }
  return route;
}

export class EventFactory {
  constructor(
    private readonly random: Random,
    private readonly orgCode: string,
  ) {}

  make(eventType: string, sourceSystem: string, at: number, payload: Record<string, unknown>): TimedRecord {
    const route = routeFor(eventType);
    const event = {
      event_id: this.random.uuid(),
      event_type: eventType,
      schema_version: route.version,
      occurred_at: isoDateTime(at),
      source_system: sourceSystem,
      org_code: this.orgCode,
      payload,
    };
    return {
      at,
      topic: route.topic,
      key: String(payload[route.keyField]),
      value: JSON.stringify(event),
      eventType,
    };
  }
}
