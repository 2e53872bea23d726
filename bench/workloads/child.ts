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

/**
 * A long-lived child process (a server, a receiver) spoken to over IPC: `ask` sends one message and
 * resolves with the child's next message. The child sends one message when it is ready (the
 * resolved `ready`). `extraArgs` go to node before the script (e.g. --cpu-prof).
 */
export interface ServiceChild<Ready> {
  pid: number;
  ready: Ready;
  ask<T>(message: unknown): Promise<T>;
  stop(): Promise<void>;
}

export function spawnService<Ready>(
  script: string,
  input: unknown,
  extraArgs: string[] = [],
): Promise<ServiceChild<Ready>> {
  const args = [...extraArgs, "--import", "tsx", script, JSON.stringify(input)];
  const child = spawn(process.execPath, args, {
    cwd: join(import.meta.dirname, "..", ".."),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting: ((message: unknown) => void)[] = [];
  child.on("message", (message) => waiting.shift()?.(message));
  const next = () => new Promise<unknown>((resolve) => waiting.push(resolve));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    void next().then((ready) => {
      child.removeAllListeners("exit");
      resolve({
        pid: child.pid ?? 0,
        ready: ready as Ready,
        ask: <T>(message: unknown) => {
          const reply = next();
          child.send(message as object);
          return reply as Promise<T>;
        },
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.send({ type: "stop" });
          }),
      });
    });
  });
}
