/**
 * Reusable field schemas for event contracts. Each caps its length so hostile
 * input (huge strings) is rejected cheaply, and each exports to JSON Schema
 * (formats + patterns) so producers in other languages check the same rules.
 */
import { z } from "zod";
import type { Enumeration } from "./enumerations.js";

/**
 * Years 1900–2099 only, as a lookahead on Zod's own (leap-year-aware) patterns:
 * rejects 0001-01-01 / 9999-12-31 sentinels. One pattern per field so the
 * JSON Schema keeps its `format` and other-language validators see one regex.
 */
const plausibleYear = "^(?=(?:19|20)\\d\\d-)";
const dateTimePattern = new RegExp(plausibleYear + z.core.regexes.datetime({ offset: true }).source.slice(1));
const datePattern = new RegExp(plausibleYear + z.core.regexes.date.source.slice(1));

/** ISO 8601 / RFC 3339 date-time with seconds and an explicit offset (Z or ±hh:mm), years 1900–2099. */
export const dateTime = () =>
  z
    .string()
    .max(40)
    .regex(dateTimePattern, {
      message:
        "Must be an ISO 8601 date-time with seconds and offset (e.g. 2024-03-01T09:30:00Z), year 1900–2099",
    })
    .meta({ format: "date-time" });

/** Calendar date YYYY-MM-DD (real calendar dates only), years 1900–2099. */
export const calendarDate = () =>
  z
    .string()
    .max(10)
    .regex(datePattern, { message: "Must be a real calendar date YYYY-MM-DD, year 1900–2099" })
    .meta({ format: "date" });

/**
 * ODS organisation code. Formats seen in NHS England publications: trusts
 * 3 chars (RRK, RX6), ICBs Q+2 (QE1), CSUs 0A*, regions Y56–Y63, QZZ, and
 * 5-char codes for other bodies and sites (T1150, 8JX76, RRK01). Accepted in
 * any case with surrounding spaces, stored trimmed and upper-case, so " rrk"
 * and "RRK" are one organisation in every join and count.
 */
export const odsCode = () =>
  z
    .string()
    .regex(/^[ \t]*[A-Za-z0-9]{3}(?:[A-Za-z0-9]{2})?[ \t]*$/, {
      message: "Must be an ODS code: 3 or 5 letters/digits",
    })
    .trim()
    .toUpperCase();

/** A UUID in any case, stored lower-case, so dedupe by id sees one id however a producer spells it. */
export const uuid = () => z.uuid().toLowerCase();

/** A source-system identifier (referral, appointment, episode…): printable, no spaces, ≤ 64 chars. */
export const sourceId = () =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/, {
      message: "Must be a source identifier: letters, digits, . _ : - /",
    });

/** JSON Schema annotation on fields that ingest must pseudonymise (mirrors EventTypeInfo.identifierFields). */
export const IDENTIFIER_ANNOTATION = "x-ohwb-identifier";

/**
 * A staff identifier as the source system knows it (e.g. ESR assignment
 * number) or, after ingest, its pseudonym `ps_<hex>` in the same field.
 * Marked in the catalogue's identifierFields so ingest pseudonymises it.
 */
export const staffId = () =>
  sourceId()
    .meta({ [IDENTIFIER_ANNOTATION]: true })
    .describe(
      "Staff identifier as the source system knows it (e.g. ESR assignment number). IDENTIFIER: ingest replaces it with a keyed-HMAC pseudonym ps_<hex> before storage.",
    );

/**
 * One character of well-formed text: anything but a control character or a
 * surrogate, or a surrogate pair. A lone surrogate (JSON "\udfff") parses in
 * JavaScript but not in DuckDB's JSON reader, so one such event would stop
 * every transform that reads its payload; NUL and other controls likewise.
 * Written so that with or without the regex `u` flag (ajv uses it) it means
 * the same, and other-language validators reject what we reject.
 */
const textCharacter = "(?:[^\\x00-\\x1F\\x7F\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])";
const textPattern = new RegExp(`^${textCharacter}+$`);

/** Short free label (names as published, descriptions) capped at `max` chars; no control characters, no lone surrogates. */
export const label = (max = 200) =>
  z.string().min(1).max(max).regex(textPattern, {
    message: "Must be well-formed text: no control characters or unpaired UTF-16 surrogates",
  });

/** Name of a producing system, e.g. cohort-oh, esr: letters, digits, . _ - ; ≤ 64 chars. */
export const systemName = () =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "Must be a system name: letters, digits, . _ -" });

/** Value from an enumeration in contracts/enumerations.ts. */
export const oneOf = <V extends string>(e: Enumeration<V>) => z.enum(e.values as [V, ...V[]]);

/** Finite number in [min, max]. JSON cannot carry NaN/Infinity and Zod rejects them. */
export const boundedNumber = (min: number, max: number) => z.number().min(min).max(max);

/** Integer in [min, max]. */
export const boundedInt = (min: number, max: number) => z.int().min(min).max(max);
