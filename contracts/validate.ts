/**
 * validateEvent: the one entry point ingest uses. Looks the contract up by
 * event_type + schema_version in a Map (O(1), and unknown types get a precise
 * reason), safeParses, then upcasts older majors to the current shape.
 * Never throws: every failure is a structured result.
 *
 * Each schema is first tried as straight-line code compiled from it
 * (`straight-line-validator.ts`), which only accepts; whatever it does not
 * accept is parsed by Zod, so every refusal and its issues are Zod's.
 */

import type { z } from "zod";
import { contractDefinitions, type OhwbEvent } from "./catalogue.js";
import { ContractDefinitionError } from "./contract-errors.js";
import { contractMessages } from "./contract-messages.js";
import type { ContractDefinition, ContractVersion } from "./envelope.js";
import { type ContractIssue, issuesFromZod, truncate } from "./issues.js";
import { type Acceptor, compileAcceptor } from "./straight-line-validator.js";

export type ValidationFailureReason = "UNKNOWN_EVENT_TYPE" | "UNKNOWN_SCHEMA_VERSION" | "VALIDATION_FAILED";

export type ValidationResult =
  | { ok: true; event: OhwbEvent; eventType: string; schemaVersion: number; upcastFrom?: number }
  | { ok: false; reason: ValidationFailureReason; issues: ContractIssue[]; summary: string };

interface IndexedContract {
  readonly definition: ContractDefinition;
  readonly acceptors: ReadonlyMap<ContractVersion, Acceptor | undefined>;
  readonly byVersion: ReadonlyMap<number, ContractVersion>;
  readonly current: ContractVersion;
}

const contractsByType: ReadonlyMap<string, IndexedContract> = new Map(
  contractDefinitions.map((definition) => {
    const current = definition.versions[definition.versions.length - 1];
    if (!current) {
      throw new ContractDefinitionError(contractMessages.contractWithoutVersions(definition.eventType));
    }
    return [
      definition.eventType,
      {
        definition,
        acceptors: new Map(definition.versions.map((v) => [v, compileAcceptor(v.schema)])),
        byVersion: new Map(definition.versions.map((v) => [v.version, v])),
        current,
      },
    ];
  }),
);

function failure(
  reason: ValidationFailureReason,
  subject: string,
  issues: ContractIssue[],
): Extract<ValidationResult, { ok: false }> {
  return { ok: false, reason, issues, summary: contractMessages.contractValidationSummary(subject, issues) };
}

function describeType(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "an array";
  return typeof input;
}

/** Validates one decoded event (JSON.parse output). Never throws. */
export function validateEvent(input: unknown): ValidationResult {
  try {
    return validateUnguarded(input);
  } catch (error) {
    // Only reachable through exotic inputs (throwing getters, revoked proxies).
    const detail = truncate(error instanceof Error ? error.message : String(error));
    return failure("VALIDATION_FAILED", "event", [
      { path: "", code: "internal_error", message: contractMessages.contractInternalError(detail) },
    ]);
  }
}

function validateUnguarded(input: unknown): ValidationResult {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return failure("VALIDATION_FAILED", "event", [
      { path: "", code: "invalid_type", message: contractMessages.contractNotAnObject(describeType(input)) },
    ]);
  }
  const record = input as Record<string, unknown>;
  const eventType = Object.hasOwn(record, "event_type") ? record.event_type : undefined;
  if (typeof eventType !== "string") {
    return failure("VALIDATION_FAILED", "event", [
      { path: "event_type", code: "invalid_type", message: contractMessages.contractMissingEventType() },
    ]);
  }
  const contract = contractsByType.get(eventType);
  if (!contract) {
    const shown = truncate(eventType);
    return failure("UNKNOWN_EVENT_TYPE", `event "${shown}"`, [
      {
        path: "event_type",
        code: "unknown_event_type",
        message: contractMessages.contractUnknownEventType(shown, contractsByType.size),
      },
    ]);
  }
  const version = Object.hasOwn(record, "schema_version") ? record.schema_version : undefined;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return failure("VALIDATION_FAILED", eventType, [
      {
        path: "schema_version",
        code: "invalid_type",
        message: contractMessages.contractMissingSchemaVersion(),
      },
    ]);
  }
  const contractVersion = contract.byVersion.get(version);
  if (!contractVersion) {
    return failure("UNKNOWN_SCHEMA_VERSION", `${eventType} v${version}`, [
      {
        path: "schema_version",
        code: "unknown_schema_version",
        message: contractMessages.contractUnknownSchemaVersion(
          eventType,
          String(version),
          contract.definition.versions.map((v) => v.version),
        ),
      },
    ]);
  }
  const parsed = parseWith(contract, contractVersion, input);
  if (!parsed.success) {
    return failure("VALIDATION_FAILED", `${eventType} v${version}`, issuesFromZod(parsed.error));
  }
  if (contractVersion === contract.current) {
    return { ok: true, event: parsed.data as OhwbEvent, eventType, schemaVersion: version };
  }
  return upcast(contract, contractVersion, parsed.data);
}

type Parsed = { success: true; data: unknown } | { success: false; error: z.ZodError };

/** The compiled acceptor's answer when it accepts, else Zod's. */
function parseWith(contract: IndexedContract, version: ContractVersion, input: unknown): Parsed {
  const accepted = contract.acceptors.get(version)?.(input);
  if (accepted !== undefined) return { success: true, data: accepted };
  return version.schema.safeParse(input);
}

function upcast(contract: IndexedContract, from: ContractVersion, event: unknown): ValidationResult {
  const eventType = contract.definition.eventType;
  let step = from;
  let current = event;
  while (step !== contract.current) {
    const next = contract.definition.versions.find((v) => v.version > step.version);
    if (!next || !step.upcastToNext) {
      return failure("VALIDATION_FAILED", `${eventType} v${from.version}`, [
        {
          path: "schema_version",
          code: "upcast_failed",
          message: contractMessages.contractUpcastFailed(
            step.version,
            contract.current.version,
            "no upcaster",
          ),
        },
      ]);
    }
    const reparsed = parseWith(contract, next, step.upcastToNext(current));
    if (!reparsed.success) {
      const detail = issuesFromZod(reparsed.error)
        .map((i) => `${i.path}: ${i.message}`)
        .join("; ");
      return failure("VALIDATION_FAILED", `${eventType} v${from.version}`, [
        {
          path: "",
          code: "upcast_failed",
          message: contractMessages.contractUpcastFailed(step.version, next.version, detail),
        },
      ]);
    }
    current = reparsed.data;
    step = next;
  }
  return {
    ok: true,
    event: current as OhwbEvent,
    eventType,
    schemaVersion: contract.current.version,
    upcastFrom: from.version,
  };
}
