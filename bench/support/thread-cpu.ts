/**
 * CPU time per thread of a running process, read from /proc/<pid>/task/<tid>/stat
 * (utime + stime) every 50 ms; the last reading of each thread counts, so threads
 * that end before the process are kept. Node names every thread "node", so the
 * loader's thread is told apart only as the one whose id is the process id; the
 * others (a decode worker, V8's platform threads doing concurrent GC and
 * compilation, DuckDB's and libuv's threads) are listed largest first.
 * Linux only; elsewhere the sample stays empty.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on

export interface ThreadCpu {
  /** Seconds on the process's first thread (the loader's). */
  mainSeconds: number;
  /** Seconds on every other thread, largest first. */
  otherSeconds: number[];
}

/** One process's or thread's utime + stime in ticks, or undefined once it is gone. */
export function statTicks(path: string): number | undefined {
  try {
    const stat = readFileSync(path, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Starts sampling `pid`; the returned function stops and returns the totals. */
export function sampleThreadCpu(pid: number): () => ThreadCpu {
  const ticks = new Map<string, number>();
  const read = () => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tasks) {
      const t = statTicks(`/proc/${pid}/task/${tid}/stat`);
      if (t !== undefined && t >= (ticks.get(tid) ?? 0)) ticks.set(tid, t);
    }
  };
  read();
  const timer = setInterval(read, 50);
  return () => {
    clearInterval(timer);
    read();
    const main = (ticks.get(String(pid)) ?? 0) / TICKS_PER_SECOND;
    const others = [...ticks]
      .filter(([tid]) => tid !== String(pid))
      .map(([, t]) => t / TICKS_PER_SECOND)
      .filter((s) => s > 0)
      .sort((a, b) => b - a);
    return { mainSeconds: main, otherSeconds: others };
  };
}

export function threadCpuText(cpu: ThreadCpu): string {
  const top = cpu.otherSeconds.slice(0, 6).map((s) => s.toFixed(2));
  const rest = cpu.otherSeconds.slice(6).reduce((a, b) => a + b, 0);
  return (
    `threads: loader ${cpu.mainSeconds.toFixed(2)} s, others ${top.join(" / ")}` +
    (rest > 0 ? ` + ${rest.toFixed(2)}` : "") +
    " s"
  );
}
