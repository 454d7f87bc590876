/**
 * The config's `pseudonymKeyFile` for ingest: ingest resolves its key from the
 * environment (OHWB_PSEUDONYM_KEY, or with --demo the file OHWB_PSEUDONYM_KEY_FILE),
 * so the configured file is handed over through those variables for the time it
 * takes to open the session, then the environment is put back.
 */
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "../core/errors.js";
import { configMessages as message } from "../core/messages.js";

export async function withPseudonymKeyFile<T>(
  keyFile: string | undefined,
  demo: boolean,
  open: () => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  if (!keyFile || env.OHWB_PSEUDONYM_KEY) return open();
  const saved = { key: env.OHWB_PSEUDONYM_KEY, file: env.OHWB_PSEUDONYM_KEY_FILE };
  if (demo) {
    // --demo creates the key on first use, in the configured place
    env.OHWB_PSEUDONYM_KEY_FILE = keyFile;
  } else {
    if (!existsSync(keyFile)) throw new ConfigError(message.pseudonymKeyFileMissing(keyFile), { keyFile });
    env.OHWB_PSEUDONYM_KEY = readFileSync(keyFile, "utf8").trim();
  }
  try {
    return await open();
  } finally {
    for (const [name, value] of [
      ["OHWB_PSEUDONYM_KEY", saved.key],
      ["OHWB_PSEUDONYM_KEY_FILE", saved.file],
    ] as const) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  }
}
