/**
 * A realistic stream for the reliability tests: mostly valid events, with
 * poison messages, hostile ones, identical resends and conflicting duplicates
 * mixed in, plus exactly what the warehouse must hold afterwards.
 */
import type { Message } from "kafkajs";
import {
  conflictingVersion,
  hostileBytes,
  immunisationEvent,
  type PoisonKind,
  poisonBytes,
} from "./event-factory.js";

export interface MixedStream {
  messages: Message[];
  validIds: Set<string>;
  /** Number of messages that must land in dead_letter. */
  deadLetters: number;
  resends: number;
}

const kafkaPoison: PoisonKind[] = [
  "EMPTY_MESSAGE",
  "INVALID_UTF8",
  "NOT_JSON",
  "NESTING_TOO_DEEP",
  "UNKNOWN_EVENT_TYPE",
  "UNKNOWN_SCHEMA_VERSION",
  "VALIDATION_FAILED",
];

export function mixedStream(seed: string, valid: number): MixedStream {
  const messages: Message[] = [];
  const validIds = new Set<string>();
  let deadLetters = 0;
  let resends = 0;
  const hostile = hostileBytes(seed);
  for (let n = 0; n < valid; n++) {
    const e = immunisationEvent(seed, n);
    validIds.add(e.eventId);
    messages.push({ key: e.key, value: JSON.stringify(e.event) });
    if (n % 97 === 5) {
      messages.push({
        key: e.key,
        value: poisonBytes(kafkaPoison[n % kafkaPoison.length] as PoisonKind, seed, n),
      });
      deadLetters++;
    }
    if (n % 541 === 7) {
      messages.push({ key: e.key, value: (hostile[n % hostile.length] as { value: Buffer }).value });
      deadLetters++;
    }
    if (n % 211 === 3) {
      // An identical resend (same key, so same partition, after the original).
      messages.push({ key: e.key, value: JSON.stringify(e.event) });
      resends++;
    }
    if (n % 307 === 11) {
      messages.push({ key: e.key, value: JSON.stringify(conflictingVersion(e).event) });
      deadLetters++;
    }
  }
  return { messages, validIds, deadLetters, resends };
}
