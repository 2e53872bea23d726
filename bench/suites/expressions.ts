/**
 * Expression evaluation throughput: the compiled predicate against the naive reference
 * (bench/lib/expression-reference.ts) in the same run, on 1,024 varied worker documents.
 *   - compiled evaluation of the goal expression (goal ≥ 10,000,000 evals/s on one core)
 *   - reference: walk the parsed tree with a switch per evaluation; and re-parse + walk
 *   - compiled evaluation of a target expression (task + worker view) with a time variable
 *   - compilation rate
 */
import type { JsonObject } from "../../src/domain/entities.ts";
import { compileExpression } from "../../src/expression/index.ts";
import { evaluateReference, parseReference } from "../lib/expression-reference.ts";
import { consume, measureRate } from "../lib/measure.ts";
import type { BenchResult, SuiteOptions } from "../lib/types.ts";

const GOAL_EXPRESSION = 'skills HAS "support" AND languages HAS "english" AND level >= 2';
const TARGET_EXPRESSION =
  '"skills" IN task.required_skills AND worker.level >= task.min_level AND taskrouter.currentHour >= 8';
const GOAL_RATE = 10_000_000;

const SKILLS = ["support", "billing", "sales", "technical", "vip"];
const LANGUAGES = ["english", "spanish", "french", "german"];

/** Deterministic worker documents: about half match the goal expression, failing at varying clauses. */
function workers(count: number): JsonObject[] {
  let x = 12345;
  const rand = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 16) % n;
  };
  return Array.from({ length: count }, (_, i) => ({
    skills: SKILLS.filter(() => rand(3) > 0),
    languages: LANGUAGES.filter(() => rand(2) > 0),
    level: rand(5),
    department: rand(2) ? "support" : "sales",
    name: `worker-${i}`,
    location: { city: "Lisbon", floor: rand(4) },
  }));
}

export async function run({ quick }: SuiteOptions): Promise<BenchResult[]> {
  const docs = workers(1024);
  const scale = quick ? 0.1 : 1;
  const rounds = quick ? 3 : 7;
  const n = Math.round(5_000_000 * scale);

  const compiled = compileExpression(GOAL_EXPRESSION);
  const compiledRate = measureRate(
    () => {
      let hits = 0;
      for (let i = 0; i < n; i++) if (compiled.matches(docs[i & 1023] as JsonObject)) hits++;
      consume(hits);
      return n;
    },
    { rounds },
  );

  const tree = parseReference(GOAL_EXPRESSION);
  const walkN = Math.round(n / 10);
  const walkRate = measureRate(
    () => {
      let hits = 0;
      for (let i = 0; i < walkN; i++) if (evaluateReference(tree, docs[i & 1023] as JsonObject)) hits++;
      consume(hits);
      return walkN;
    },
    { rounds },
  );

  const reparseN = Math.round(n / 100);
  const reparseRate = measureRate(
    () => {
      let hits = 0;
      for (let i = 0; i < reparseN; i++)
        if (evaluateReference(parseReference(GOAL_EXPRESSION), docs[i & 1023] as JsonObject)) hits++;
      consume(hits);
      return reparseN;
    },
    { rounds },
  );

  // Sanity: the compiled predicate and the reference agree on every document.
  const disagreements = docs.filter((d) => compiled.matches(d) !== evaluateReference(tree, d)).length;
  const matching = docs.filter((d) => compiled.matches(d)).length;

  const target = compileExpression(TARGET_EXPRESSION, { context: "target" });
  const tasks = [
    { required_skills: ["support", "vip"], min_level: 1 },
    { required_skills: ["billing"], min_level: 3 },
  ];
  const roots = docs.map((worker, i) => ({ task: tasks[i & 1] as JsonObject, worker }));
  const env = { now: Date.UTC(2024, 0, 8, 10, 30) };
  const targetRate = measureRate(
    () => {
      let hits = 0;
      for (let i = 0; i < n; i++) if (target.matches(roots[i & 1023] as JsonObject, env)) hits++;
      consume(hits);
      return n;
    },
    { rounds },
  );

  const compileN = Math.round(50_000 * scale);
  const compileRate = measureRate(
    () => {
      for (let i = 0; i < compileN; i++) consume(compileExpression(GOAL_EXPRESSION).requirements.length);
      return compileN;
    },
    { rounds },
  );

  const goalMet = compiledRate >= GOAL_RATE ? "met" : "MISSED";
  return [
    {
      name: "compiled evaluation (goal expression)",
      value: compiledRate,
      unit: "evals/s",
      reference: { name: "tree walk per evaluation", value: walkRate },
      ratio: compiledRate / walkRate,
      goal: `≥ ${GOAL_RATE.toLocaleString("en")} evals/s (${goalMet})`,
      notes: `${GOAL_EXPRESSION}; ${matching}/1024 docs match; ${disagreements} disagreements with the reference`,
    },
    {
      name: "compiled evaluation vs re-parse",
      value: compiledRate,
      unit: "evals/s",
      reference: { name: "re-parse + walk per evaluation", value: reparseRate },
      ratio: compiledRate / reparseRate,
    },
    {
      name: "compiled evaluation (target + time)",
      value: targetRate,
      unit: "evals/s",
      notes: TARGET_EXPRESSION,
    },
    {
      name: "compilation",
      value: compileRate,
      unit: "compiles/s",
      notes: "goal expression, with requirements",
    },
  ];
}
