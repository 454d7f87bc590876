/**
 * The command line's logger (core/logger.ts): every command's notices, progress and errors on
 * stderr. Its level starts from OHWB_LOG_LEVEL (OHWB_DEBUG=1: debug) and follows the configuration's
 * `log.level` once a command has loaded it (cli/command-config.ts).
 */
import { createLogger, logLevelFromEnvironment } from "../core/logger.js";

export const log = createLogger({ level: logLevelFromEnvironment() });
