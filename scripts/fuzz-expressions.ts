/**
 * Fuzzes the expression compiler: `npm run fuzz:expressions -- --runs 1000000 [--seed 42]`.
 *
 * Each run compiles one generated input (random text, grammar-shaped or mutated expression) in a
 * random context and checks that:
 *   - compiling either succeeds or throws an ExpressionError (never anything else, never the
 *     internal "could not be compiled" fallback);
 *   - a compiled expression evaluates to a boolean on random roots and agrees with the naive
 *     reference interpreter (bench/lib/expression-reference.ts);
 *   - no single compilation is pathologically slow (reports the slowest input).
 * Prints a summary (outcomes, most frequent error kinds, throughput) and exits 1 on a failure,
 * with fast-check's shrunk counterexample and the seed to replay it.
 */
import fc from "fast-check";
import { evaluateReference, parseReference } from "../bench/lib/expression-reference.ts";
import { compileExpression, ExpressionError } from "../src/expression/index.ts";
import * as arb from "../test/unit/expression/arbitraries.ts";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

const runs = option("runs", 100_000);
const seed = option("seed", Date.now() % 2 ** 31);
const stats = { compiled: 0, rejected: 0, evaluations: 0, slowestMs: 0, slowest: "" };
const errorKinds = new Map<string, number>();
let done = 0;
const started = performance.now();

const input = fc.tuple(arb.anyExpression, arb.context, arb.root, arb.env);
const property = fc.property(input, ([source, context, root, env]) => {
  const t0 = performance.now();
  let compiled: ReturnType<typeof compileExpression> | undefined;
  try {
    compiled = compileExpression(source, { context });
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw new Error(`non-ExpressionError thrown: ${String(e)}`);
    if (e.message.startsWith("Expression could not be compiled"))
      throw new Error("internal error fallback reached");
    const kind = e.message.slice(0, e.message.indexOf(" at column")).replace(/'.*'|".*"/, "…");
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    stats.rejected++;
  }
  const ms = performance.now() - t0;
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowest = source;
  }
  if (compiled !== undefined) {
    stats.compiled++;
    const result = compiled.matches(root, env);
    stats.evaluations++;
    if (typeof result !== "boolean") throw new Error("matches returned a non-boolean");
    const reference = evaluateReference(parseReference(source), root, env, context);
    if (result !== reference) throw new Error(`compiled ${result} but reference ${reference}`);
  }
  if (++done % 100_000 === 0) process.stdout.write(`  ${done.toLocaleString("en")} runs\n`);
});

console.log(`fuzzing the expression compiler: ${runs.toLocaleString("en")} runs, seed ${seed}`);
const result = fc.check(property, { numRuns: runs, seed, endOnFailure: false });
const seconds = (performance.now() - started) / 1000;

console.log(`\n${fc.defaultReportMessage(result) ?? "no failure"}`);
console.log(
  `runs:        ${result.numRuns.toLocaleString("en")} in ${seconds.toFixed(1)} s (${Math.round(result.numRuns / seconds).toLocaleString("en")}/s)`,
);
console.log(
  `compiled:    ${stats.compiled.toLocaleString("en")} (each evaluated and checked against the reference)`,
);
console.log(`rejected:    ${stats.rejected.toLocaleString("en")} with ExpressionError`);
// A single slow run is usually a GC pause or another process; re-time that input to tell.
const retimed = Array.from({ length: 21 }, () => {
  const t0 = performance.now();
  try {
    compileExpression(stats.slowest);
  } catch {}
  return performance.now() - t0;
}).sort((a, b) => a - b)[10] as number;
console.log(
  `slowest:     ${stats.slowestMs.toFixed(2)} ms (re-timed median ${retimed.toFixed(3)} ms) for ${JSON.stringify(stats.slowest.slice(0, 80))}`,
);
console.log("most frequent errors:");
for (const [kind, count] of [...errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`  ${String(count).padStart(9)}  ${kind}`);
}
process.exit(result.failed ? 1 : 0);
