/**
 * Starts one of the SQLite adapter's worker threads (./writer-thread, ./checkpoint-thread).
 * Compiled (dist/), the thread runs the .js file. From the TypeScript sources (tsx, vitest) it first
 * registers tsx, which a worker does not inherit from `--import`.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

export function startThread(name: "writer-thread" | "checkpoint-thread"): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, here));
  // tsx's ESM entry (its CommonJS one, which require.resolve finds, cannot register from a worker).
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL(`./${name}.ts`, here).href;
  const boot = `const { workerData } = require("node:worker_threads");
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });`;
  return new Worker(boot, { eval: true, workerData: { tsx, entry } });
}
