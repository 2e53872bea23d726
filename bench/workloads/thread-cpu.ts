/**
 * CPU time per thread of this process (Linux /proc/self/task/<tid>/stat, 10 ms ticks): the main
 * thread (tid = pid) apart from the others (the SQLite writer thread, V8's GC helpers, libuv's pool),
 * which is less sensitive to a loaded machine than latency. Elsewhere: the whole process only.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface CpuSplit {
  /** Milliseconds of CPU on the main thread. */
  main: number;
  /** Milliseconds of CPU on every other thread of the process. */
  others: number;
}

const TICK_MS = 10;

export function threadCpu(): CpuSplit {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      if (Number(tid) === process.pid) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    const { user, system } = process.cpuUsage();
    return { main: (user + system) / 1000, others: 0 };
  }
}

export function cpuSince(start: CpuSplit): CpuSplit {
  const now = threadCpu();
  return { main: now.main - start.main, others: now.others - start.others };
}
