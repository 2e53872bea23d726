/**
 * Checks a schema-valid file can see without a server: names unique per section, and every
 * expression compiles (reported at the expression's own column when the YAML scalar is plain).
 */
import {
  compileExpression,
  compileOrderBy,
  type ExpressionContext,
  ExpressionError,
} from "../expression/index.ts";
import type { Path, Problem, SourceFile } from "./source.ts";
import { IDENTITY, SECTIONS, type WorkspaceSpec } from "./spec.ts";

function duplicateProblems(source: SourceFile, spec: WorkspaceSpec): Problem[] {
  const problems: Problem[] = [];
  for (const section of SECTIONS) {
    const key = IDENTITY[section];
    const seen = new Map<string, number>();
    (spec[section] ?? []).forEach((entry, i) => {
      const value = String((entry as Record<string, unknown>)[key] ?? "");
      // TaskRouter compares Activity and Worker names without case.
      const id = section === "activities" || section === "workers" ? value.toLowerCase() : value;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else
        problems.push(
          source.problem(
            [section, i, key],
            `duplicate ${key} "${value}": ${section}[${first}] has it already`,
          ),
        );
    });
  }
  return problems;
}

function expressionProblem(
  source: SourceFile,
  path: Path,
  text: string,
  compile: () => unknown,
): Problem | undefined {
  try {
    compile();
    return undefined;
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    const start = source.plainScalarStart(path);
    const problem = source.problem(path, error.message);
    if (start === undefined || error.column > text.length + 1) return problem;
    return { ...problem, ...source.at(start + error.column - 1) };
  }
}

function targetProblems(source: SourceFile, base: Path, target: Record<string, unknown>): Problem[] {
  const out: (Problem | undefined)[] = [];
  const check = (key: string, context: ExpressionContext | "orderBy") => {
    const text = target[key];
    if (typeof text !== "string") return;
    const where = `${key}`;
    out.push(
      expressionProblem(source, [...base, key], text, () =>
        context === "orderBy" ? compileOrderBy(text, { where }) : compileExpression(text, { where, context }),
      ),
    );
  };
  check("expression", "target");
  check("skip_if", "skipIf");
  check("order_by", "orderBy");
  return out.filter((p) => p !== undefined);
}

function expressionProblems(source: SourceFile, spec: WorkspaceSpec): Problem[] {
  const out: (Problem | undefined)[] = [];
  (spec.task_queues ?? []).forEach((q, i) => {
    const text = q.target_workers;
    if (text !== undefined)
      out.push(
        expressionProblem(source, ["task_queues", i, "target_workers"], text, () =>
          compileExpression(text, { where: "TargetWorkers" }),
        ),
      );
  });
  (spec.workflows ?? []).forEach((w, i) => {
    const routing = w.configuration.task_routing as Record<string, unknown> | undefined;
    const base = ["workflows", i, "configuration", "task_routing"];
    const filters = (routing?.filters ?? []) as Record<string, unknown>[];
    filters.forEach((f, j) => {
      const text = f.expression as string;
      out.push(
        expressionProblem(source, [...base, "filters", j, "expression"], text, () =>
          compileExpression(text, { where: "expression" }),
        ),
      );
      ((f.targets ?? []) as Record<string, unknown>[]).forEach((t, k) => {
        out.push(...targetProblems(source, [...base, "filters", j, "targets", k], t));
      });
    });
    const fallback = routing?.default_filter as Record<string, unknown> | undefined;
    if (fallback !== undefined) out.push(...targetProblems(source, [...base, "default_filter"], fallback));
  });
  return out.filter((p) => p !== undefined);
}

export function fileProblems(source: SourceFile, spec: WorkspaceSpec): Problem[] {
  return [...duplicateProblems(source, spec), ...expressionProblems(source, spec)];
}
