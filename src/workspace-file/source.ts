/**
 * A workspace file as parsed YAML (JSON is YAML too), kept as a document so every problem can be
 * reported at its line and column: `demo.yaml:12:21: task_queues[1].target_workers: expected a string`.
 */
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from "yaml";

export type Path = readonly (string | number)[];

export interface Problem {
  line: number;
  column: number;
  /** Where in the document, e.g. `task_queues[1].target_workers` (empty for the whole file). */
  where: string;
  message: string;
}

export class WorkspaceFileError extends Error {
  override readonly name = "WorkspaceFileError";
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join("\n"));
  }
}

export function formatProblem(file: string, p: Problem): string {
  return `${file}:${p.line}:${p.column}: ${p.where === "" ? "" : `${p.where}: `}${p.message}`;
}

/** `task_queues[1].target_workers` */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? part : `.${part}`;
  return out;
}

export class SourceFile {
  readonly data: unknown;
  private readonly lines = new LineCounter();
  private readonly doc;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    const syntax = [...this.doc.errors];
    if (syntax.length > 0) {
      throw new WorkspaceFileError(
        file,
        syntax.map((e) => {
          const at = this.lines.linePos(e.pos[0]);
          return { line: at.line, column: at.col, where: "", message: firstLine(e.message) };
        }),
      );
    }
    this.data = this.doc.toJS({ maxAliasCount: 100 });
  }

  /** A problem at `path` (the value there, or the nearest enclosing node that exists). */
  problem(path: Path, message: string, at: "value" | "key" = "value"): Problem {
    const offset = this.offsetOf(path, at);
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col, where: formatPath(path), message };
  }

  /** Start offset of the scalar at `path` when it is written plain (so expression columns add up). */
  plainScalarStart(path: Path): number | undefined {
    const node = this.doc.getIn(path, true);
    if (isScalar(node) && node.type === "PLAIN" && node.range) return node.range[0];
    return undefined;
  }

  at(offset: number): { line: number; column: number } {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  private offsetOf(path: Path, at: "value" | "key"): number {
    for (let n = path.length; n >= 0; n--) {
      const prefix = path.slice(0, n);
      if (at === "key" && n === path.length && n > 0) {
        const parent = prefix.length > 1 ? this.doc.getIn(prefix.slice(0, -1), true) : this.doc.contents;
        const last = prefix[prefix.length - 1];
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === last);
          const key = pair?.key as Node | undefined;
          if (key?.range) return key.range[0];
        }
        continue;
      }
      const node = (n === 0 ? this.doc.contents : this.doc.getIn(prefix, true)) as Node | null | undefined;
      if (node?.range) return node.range[0];
    }
    return 0;
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
