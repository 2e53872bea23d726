/**
 * Output of a benchmark run: a console table, and bench/results/latest.{json,md}. The JSON keeps
 * the last run of every suite (a run of one suite replaces only that suite's entry); the Markdown
 * is regenerated from the merged JSON.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import type { BenchResult } from "./types.ts";

export interface SuiteRun {
  suite: string;
  ranAt: string;
  quick: boolean;
  node: string;
  cpu: string;
  results: BenchResult[];
  /** Set when the suite threw instead of returning results. */
  failed?: boolean;
}

export interface ResultsFile {
  updatedAt: string;
  suites: Record<string, SuiteRun>;
}

export function suiteRun(suite: string, quick: boolean, results: BenchResult[]): SuiteRun {
  return {
    suite,
    ranAt: new Date().toISOString(),
    quick,
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    results,
  };
}

/** The entry of a suite that threw: one row saying so, with the error, in place of its results. */
export function failedRun(suite: string, quick: boolean, error: unknown): SuiteRun {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...suiteRun(suite, quick, [
      { name: "suite failed", value: Number.NaN, unit: "", notes: message.split("\n")[0] ?? "" },
    ]),
    failed: true,
  };
}

export function formatNumber(n: number): string {
  if (typeof n !== "number" || Number.isNaN(n)) return "—"; // a failed suite (NaN, null once in JSON)
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en");
  return n.toPrecision(3);
}

const COLUMNS = ["suite", "result", "value", "unit", "reference", "ratio", "goal", "notes"] as const;

function rows(runs: SuiteRun[]): string[][] {
  return runs.flatMap((run) =>
    run.results.map((r) => [
      run.suite,
      r.name,
      formatNumber(r.value),
      r.unit,
      r.reference ? `${r.reference.name}: ${formatNumber(r.reference.value)}` : "",
      r.ratio === undefined ? "" : `${r.ratio.toFixed(1)}x`,
      r.goal ?? "",
      r.notes ?? "",
    ]),
  );
}

export function printTable(runs: SuiteRun[]): void {
  const table = [COLUMNS.slice(), ...rows(runs)];
  const widths = COLUMNS.map((_, c) => Math.min(60, Math.max(...table.map((row) => (row[c] ?? "").length))));
  for (const [i, row] of table.entries()) {
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join("  ")
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

export function writeResults(dir: string, runs: SuiteRun[]): ResultsFile {
  mkdirSync(dir, { recursive: true });
  const jsonPath = join(dir, "latest.json");
  const merged: ResultsFile = existsSync(jsonPath)
    ? (JSON.parse(readFileSync(jsonPath, "utf8")) as ResultsFile)
    : { updatedAt: "", suites: {} };
  for (const run of runs) merged.suites[run.suite] = run;
  merged.updatedAt = new Date().toISOString();
  writeFileSync(jsonPath, `${JSON.stringify(merged, null, 2)}\n`);
  writeFileSync(join(dir, "latest.md"), markdown(merged));
  return merged;
}

function markdown(file: ResultsFile): string {
  const escapeCell = (s: string) => s.replaceAll("|", "\\|");
  const lines = [
    "# Benchmark results",
    "",
    `Updated ${file.updatedAt}. Regenerate with \`npm run bench\`.`,
    "",
  ];
  for (const run of Object.values(file.suites).sort((a, b) => a.suite.localeCompare(b.suite))) {
    lines.push(
      `## ${run.suite}`,
      "",
      `${run.ranAt}${run.quick ? " (quick)" : ""}${run.failed ? " — FAILED" : ""}, Node ${run.node}, ${run.cpu}`,
      "",
    );
    lines.push(
      `| ${COLUMNS.slice(1).join(" | ")} |`,
      `|${COLUMNS.slice(1)
        .map(() => " --- ")
        .join("|")}|`,
    );
    for (const row of rows([run])) lines.push(`| ${row.slice(1).map(escapeCell).join(" | ")} |`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
