/** Runs a TypeScript workload script in its own Node process (large heaps, isolation) and parses its last JSON line. */
import { spawn } from "node:child_process";
import { join } from "node:path";

export function runChild<T>(script: string, input: unknown, maxOldSpaceMb: number): Promise<T> {
  const args = [
    `--max-old-space-size=${maxOldSpaceMb}`,
    "--expose-gc",
    "--import",
    "tsx",
    script,
    JSON.stringify(input),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: join(import.meta.dirname, "..", ".."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as T);
      } catch (error) {
        reject(error);
      }
    });
  });
}
