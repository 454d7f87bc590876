/**
 * Staff identifiers never reach the warehouse in clear: each value at a
 * contract's identifier path becomes `ps_` + HMAC-SHA256(key, value) (first
 * 128 bits, hex). Same key → same pseudonym, so facts still join per person;
 * without the key the mapping cannot be rebuilt.
 *
 * The key comes from OHWB_PSEUDONYM_KEY, else from a key file the configuration
 * names (`pseudonymKeyFile`). Demo mode generates one and keeps it in
 * a separate 0600 file (the configured one when given, else OHWB_PSEUDONYM_KEY_FILE, default
 * $XDG_CONFIG_HOME/ohwb/pseudonym-key or ~/.config/ohwb/pseudonym-key) — never in
 * the warehouse, so a copied warehouse file does not carry its own key.
 */
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { configMessages } from "../core/core-messages.js";
import { ConfigError } from "../core/errors.js";
import { IngestError } from "./ingest-errors.js";
import { ingestMessages } from "./ingest-messages.js";

export const MIN_KEY_LENGTH = 32;
export const PSEUDONYM_PREFIX = "ps_";

export interface PseudonymKey {
  key: string;
  /** "env" or the demo key file's path. */
  source: string;
  created: boolean;
}

export function demoKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OHWB_PSEUDONYM_KEY_FILE) return env.OHWB_PSEUDONYM_KEY_FILE;
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(configHome, "ohwb", "pseudonym-key");
}

/**
 * The key from the environment, else from the configured key file (which must exist
 * unless in demo mode); in demo mode the key file (configured, else the demo default)
 * is created on first use.
 */
export function resolvePseudonymKey(
  demo: boolean,
  options: { keyFile?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): PseudonymKey {
  const fromEnv = env.OHWB_PSEUDONYM_KEY;
  if (fromEnv) return { key: checkedKey(fromEnv), source: "env", created: false };
  if (options.keyFile && !demo) {
    if (!existsSync(options.keyFile))
      throw new ConfigError(configMessages.pseudonymKeyFileMissing(options.keyFile), {
        keyFile: options.keyFile,
      });
    return {
      key: checkedKey(readFileSync(options.keyFile, "utf8").trim()),
      source: options.keyFile,
      created: false,
    };
  }
  if (!demo) throw new IngestError("PSEUDONYM_KEY_MISSING", ingestMessages.ingestPseudonymKeyMissing());
  const path = options.keyFile ?? demoKeyPath(env);
  try {
    if (existsSync(path)) return { key: readFileSync(path, "utf8").trim(), source: path, created: false };
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const key = randomBytes(32).toString("hex");
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
    return { key, source: path, created: true };
  } catch (error) {
    throw new IngestError("PSEUDONYM_KEY_FILE", ingestMessages.ingestDemoKeyUnreadable(path, String(error)), {
      cause: error,
    });
  }
}

function checkedKey(key: string): string {
  if (key.length < MIN_KEY_LENGTH)
    throw new IngestError("PSEUDONYM_KEY_TOO_SHORT", ingestMessages.ingestPseudonymKeyTooShort(key.length));
  return key;
}

export class Pseudonymiser {
  private readonly cache = new Map<string, string>();
  /** Dotted paths already split (a contract has a handful; split once, not once per event). */
  private readonly splitPaths = new Map<string, readonly string[]>();

  constructor(private readonly key: string) {}

  /** The HMAC key, for the decode workers only: handed over in memory (workerData), never written. */
  get workerKey(): string {
    return this.key;
  }

  /**
   * A separate 256-bit key for another purpose (e.g. sealing dead letters), derived with
   * HKDF-SHA256 under a distinct `info`, so the HMAC key itself is only ever used for pseudonyms.
   */
  deriveKey(info: string): Buffer {
    return Buffer.from(hkdfSync("sha256", this.key, "ohwb pseudonym key", info, 32));
  }

  pseudonym(value: string): string {
    let out = this.cache.get(value);
    if (out === undefined) {
      out =
        PSEUDONYM_PREFIX + createHmac("sha256", this.key).update(value, "utf8").digest("hex").slice(0, 32);
      // Staff ids repeat across events; a bounded cache saves most HMACs without growing forever.
      if (this.cache.size >= 200_000) this.cache.clear();
      this.cache.set(value, out);
    }
    return out;
  }

  /** Replaces, in place, every string or number at the given dotted paths (own properties only). */
  apply(event: Record<string, unknown>, paths: readonly string[]): void {
    for (const path of paths) {
      let parts = this.splitPaths.get(path);
      if (parts === undefined) {
        parts = path.split(".");
        this.splitPaths.set(path, parts);
      }
      let node: unknown = event;
      for (let i = 0; i < parts.length - 1 && node !== undefined; i++)
        node = ownValue(node, parts[i] as string);
      const last = parts[parts.length - 1] as string;
      if (node === null || typeof node !== "object" || !Object.hasOwn(node, last)) continue;
      const holder = node as Record<string, unknown>;
      const value = holder[last];
      if (typeof value === "string" || typeof value === "number")
        holder[last] = this.pseudonym(String(value));
    }
  }
}

function ownValue(node: unknown, key: string): unknown {
  if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
  return (node as Record<string, unknown>)[key];
}
