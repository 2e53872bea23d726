/**
 * A real Tasklane process (`node --import tsx src/main.ts`) for the tests that need several: the
 * failover pair (test/failover) and cluster nodes (test/cluster/cluster-nodes.ts). Output of both
 * streams is collected; `waitFor` resolves with the first group of a pattern once the output
 * matches it, and fails if the process exits first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

export interface TasklaneProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  waitFor: (pattern: RegExp) => Promise<string>;
}

/** Starts Tasklane on a free port of 127.0.0.1 with `env` over the test's own environment. */
export function spawnTasklane(env: Record<string, string>): TasklaneProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
  });
  let text = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((ok, fail) => {
      const check = () => {
        const match = pattern.exec(text);
        if (match?.[1]) {
          listeners.delete(check);
          ok(match[1]);
        }
      };
      listeners.add(check);
      void exited.then((code) => fail(new Error(`node exited with ${code}:\n${text}`)));
      check();
    });
  return { child, output: () => text, exited, waitFor };
}

/** Sends `signal` unless the process already ended; resolves with its exit code. */
export function stopTasklane(node: TasklaneProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill(signal);
  return node.exited;
}
