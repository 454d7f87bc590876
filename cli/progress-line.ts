/**
 * Progress of one long step on stderr (stdout keeps the results): on a
 * terminal one line that updates in place with the elapsed seconds; piped or
 * in a log, a plain line when the step starts and one when it ends.
 */
import type { Logger } from "../core/logger.js";
import { log as cliLog } from "./cli-log.js";
import { cliMessages as message } from "./cli-messages.js";

export interface ProgressLine {
  /** A new detail for the running line (a terminal shows it; a log does not, to stay short). */
  update(detail: string): void;
  /** The step finished: the last line, kept. */
  done(detail: string): void;
  /** The step failed: clear the updating line so the error reads cleanly. */
  stop(): void;
}

export function progressLine(label: string, log: Logger = cliLog): ProgressLine {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let detail = "";
  if (!log.interactive) {
    log.info(message.progressStarted(label));
    return {
      update() {},
      done: (result) => log.info(message.progressDone(label, seconds(), result)),
      stop() {},
    };
  }
  const draw = () => log.progress(message.progressRunning(label, seconds(), detail));
  draw();
  const timer = setInterval(draw, 1_000);
  timer.unref();
  return {
    update(text) {
      detail = text;
      draw();
    },
    done(result) {
      clearInterval(timer);
      // the logger ends the live line first, so the result stands on its own line
      log.info(message.progressDone(label, seconds(), result));
    },
    stop() {
      clearInterval(timer);
    },
  };
}
