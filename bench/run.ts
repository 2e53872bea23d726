/**
 * Benchmark harness.
 *
 *   npm run bench                      every suite in bench/suites/
 *   npm run bench -- expressions       only the named suite(s)
 *   npm run bench -- --quick           scaled-down runs (same measurements, fewer iterations)
 *
 * A suite is a file bench/suites/<name>.ts exporting
 *   run(opts: { quick: boolean }): Promise<BenchResult[]>          (types in bench/lib/types.ts)
 * Each result names what was measured, its value and unit, and ideally the same work done the naive
 * way in the same run (`reference`, `ratio`) and the `goal`. The harness runs suites one after the
 * other, prints one table, and writes bench/results/latest.json (merged: running one suite keeps
 * the other suites' last results) and bench/results/latest.md after each suite. A suite that throws is
 * recorded as failed (one "suite failed" row with the error) and the run goes on; the exit code is 1.
 * Measurement helpers: bench/lib/measure.ts.
 * To add a suite, drop a file in bench/suites/; nothing else to register.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { failedRun, printTable, type SuiteRun, suiteRun, writeResults } from "./lib/report.ts";
import type { Suite } from "./lib/types.ts";

const here = dirname(fileURLToPath(import.meta.url));
const suitesDir = join(here, "suites");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const unknownFlags = args.filter((a) => a.startsWith("--") && a !== "--quick");
const available = readdirSync(suitesDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = args.filter((a) => !a.startsWith("--"));
const missing = wanted.filter((name) => !available.includes(name));
if (unknownFlags.length > 0 || missing.length > 0) {
  console.error(
    `unknown ${unknownFlags.length > 0 ? `flag(s) ${unknownFlags.join(", ")}` : `suite(s) ${missing.join(", ")}`}`,
  );
  console.error(`usage: npm run bench -- [--quick] [suite ...]; suites: ${available.join(", ")}`);
  process.exit(2);
}

const runs: SuiteRun[] = [];
const failed: string[] = [];
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`running ${name}${quick ? " (quick)" : ""}...`);
  let run: SuiteRun;
  try {
    const suite = (await import(pathToFileURL(join(suitesDir, `${name}.ts`)).href)) as Suite;
    run = suiteRun(name, quick, await suite.run({ quick }));
  } catch (error) {
    // A crashing suite is reported as failed; the others still run and keep their results.
    console.error(`suite ${name} failed:`, error);
    failed.push(name);
    run = failedRun(name, quick, error);
  }
  runs.push(run);
  // Written after every suite, so a later crash (or kill) loses nothing already measured.
  writeResults(join(here, "results"), [run]);
}
console.log("");
printTable(runs);
console.log(`\nwrote bench/results/latest.json and latest.md`);
if (failed.length > 0) {
  console.error(`failed suite(s): ${failed.join(", ")}`);
  process.exitCode = 1;
}
