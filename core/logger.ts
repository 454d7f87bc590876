/**
 * The one logger: every command's messages and progress go through it to stderr (stdout carries
 * results only). Levels, most severe first: error, warn, info, debug; the `log.level` setting
 * (OHWB_LOG_LEVEL) picks how much is shown, and errors always are. A progress line rewrites itself
 * in place on a terminal and is a plain line elsewhere (so logs and tests can read it); any other
 * message first ends a live progress line, so the two never run into each other.
 */

export const logLevels = ["error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof logLevels)[number];

export interface Logger {
  level: LogLevel;
  /** True on a terminal, where progress lines update in place. */
  readonly interactive: boolean;
  error(text: string): void;
  warn(text: string): void;
  info(text: string): void;
  debug(text: string): void;
  /** A progress line (info level): replaced by the next one on a terminal. */
  progress(text: string): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  stream?: NodeJS.WriteStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  let live = false;
  const endLive = () => {
    if (live) stream.write("\n");
    live = false;
  };
  const logger: Logger = {
    level: options.level ?? "info",
    interactive: stream.isTTY === true,
    error: (text) => write("error", text),
    warn: (text) => write("warn", text),
    info: (text) => write("info", text),
    debug: (text) => write("debug", text),
    progress(text) {
      if (!shown("info")) return;
      if (stream.isTTY) {
        stream.write(`\r\u001b[2K${text}`);
        live = true;
      } else stream.write(`${text}\n`);
    },
  };
  function shown(level: LogLevel): boolean {
    return logLevels.indexOf(level) <= logLevels.indexOf(logger.level);
  }
  function write(level: LogLevel, text: string): void {
    if (level !== "error" && !shown(level)) return;
    endLive();
    stream.write(`${text}\n`);
  }
  return logger;
}

/** OHWB_LOG_LEVEL when it names a level (OHWB_DEBUG=1 means debug), else undefined. */
export function logLevelFromEnvironment(env: NodeJS.ProcessEnv = process.env): LogLevel | undefined {
  const named = env.OHWB_LOG_LEVEL?.trim().toLowerCase();
  if (named && (logLevels as readonly string[]).includes(named)) return named as LogLevel;
  return env.OHWB_DEBUG ? "debug" : undefined;
}
