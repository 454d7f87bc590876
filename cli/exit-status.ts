/**
 * How a failed command ends: one catalogued sentence on stderr and an exit code
 * scripts can act on — 2 usage, 1 failure, 75 (EX_TEMPFAIL) when trying again
 * later can help (the errors' `retriable` flag, as kafkajs has). Never a stack
 * trace for something a user did; OHWB_DEBUG=1 shows one for bug reports.
 */
import { OhwbError, UsageError } from "../core/errors.js";
import { cliMessages as message } from "./cli-messages.js";

export const exitCodes = { ok: 0, failure: 1, usage: 2, tryLater: 75 } as const;

export interface ExitStatus {
  code: number;
  message: string;
}

interface SystemError extends Error {
  code?: string;
  path?: string;
}

/** The file system's errors that name a path, as the sentence each gets. */
const FILE_ERRORS: Record<string, (path: string) => string> = {
  ENOENT: message.fileNotFound,
  EACCES: message.filePermission,
  EPERM: message.filePermission,
  EISDIR: message.fileIsDirectory,
  EEXIST: message.fileInTheWay,
  ENOTDIR: message.fileInTheWay,
  ENOSPC: message.diskFull,
  EROFS: message.readOnlyFileSystem,
};

export function exitStatus(error: unknown): ExitStatus {
  if (error instanceof UsageError) return { code: exitCodes.usage, message: error.message };
  if (error instanceof OhwbError) {
    return { code: error.retriable ? exitCodes.tryLater : exitCodes.failure, message: error.message };
  }
  if (error instanceof TypeError && (error as SystemError).code?.startsWith("ERR_PARSE_ARGS")) {
    return { code: exitCodes.usage, message: error.message };
  }
  if (error instanceof Error) {
    const { code, path } = error as SystemError;
    const fileError = code === undefined ? undefined : FILE_ERRORS[code];
    if (fileError && path) return { code: exitCodes.failure, message: fileError(path) };
    // kafkajs errors carry `retriable`, like ours.
    if (error.name.startsWith("KafkaJS")) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      return {
        code: retriable ? exitCodes.tryLater : exitCodes.failure,
        message: message.kafkaFailed(error.message, retriable),
      };
    }
    return { code: exitCodes.failure, message: message.unexpected(error.message) };
  }
  return { code: exitCodes.failure, message: message.unexpected(String(error)) };
}
