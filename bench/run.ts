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
 * the other suites' last results) and bench/results/latest.md. Measurement helpers: bench/lib/measure.ts.
 * To add a suite, drop a file in bench/suites/; nothing else to register.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { printTable, type SuiteRun, suiteRun, writeResults } from "./lib/report.ts";
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
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`running ${name}${quick ? " (quick)" : ""}...`);
  const suite = (await import(pathToFileURL(join(suitesDir, `${name}.ts`)).href)) as Suite;
  runs.push(suiteRun(name, quick, await suite.run({ quick })));
}
console.log("");
printTable(runs);
writeResults(join(here, "results"), runs);
console.log(`\nwrote bench/results/latest.json and latest.md`);
