/** Runs bench/workloads/paced-client.ts in a child process and returns its summary. */
import { execFile } from "node:child_process";
import { join } from "node:path";

export interface PacedResult {
  sent: number;
  failures: number;
  p50: number;
  p99: number;
  max: number;
  achievedRate: number;
}

export function pacedLoad(opts: {
  url: string;
  headers: Record<string, string>;
  body: string;
  rate: number;
  seconds: number;
  expect?: string;
  urls?: string[];
  bodies?: string[];
}): Promise<PacedResult> {
  const script = join(import.meta.dirname, "paced-client.ts");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", script, JSON.stringify(opts)],
      { cwd: join(import.meta.dirname, "..", ".."), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error) return reject(error);
        resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as PacedResult);
      },
    );
  });
}
