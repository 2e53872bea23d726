/**
 * CPU time per thread of a process (Linux /proc/<pid>/task/<tid>/stat, 10 ms ticks): the main
 * thread (tid = pid) apart from the others (the SQLite writer thread, V8's GC helpers, libuv's pool),
 * which is less sensitive to a loaded machine than latency. Without /proc: this process only, whole.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface CpuSplit {
  /** Milliseconds of CPU on the main thread. */
  main: number;
  /** Milliseconds of CPU on every other thread of the process. */
  others: number;
}

const TICK_MS = 10;

/** The CPU split of process `pid` (default: this process). */
export function threadCpu(pid: number = process.pid): CpuSplit {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      if (Number(tid) === pid) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    if (pid !== process.pid) throw new Error(`no /proc/${pid}: per-thread CPU needs Linux`);
    const { user, system } = process.cpuUsage();
    return { main: (user + system) / 1000, others: 0 };
  }
}

export function cpuSince(start: CpuSplit, pid: number = process.pid): CpuSplit {
  const now = threadCpu(pid);
  return { main: now.main - start.main, others: now.others - start.others };
}
