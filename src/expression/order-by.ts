/**
 * `order_by` of a workflow target: `worker.level DESC, worker.x ASC` (direction optional, ASC by
 * default, case-insensitive; every key starts with `worker.`). Only integer values order workers:
 * a worker whose value is missing or not an integer sorts after every worker that has one, in
 * either direction. A full tie returns 0 and the engine falls back to longest idle.
 */
import type { PathSegment } from "./ast.ts";
import { type Fail, quoteText } from "./failure.ts";
import { pathReader, type Reader, type Root } from "./paths.ts";
import { type Token, tokenize } from "./tokens.ts";

export interface OrderByClause {
  path: readonly string[];
  descending: boolean;
}

export interface OrderBy {
  readonly source: string;
  readonly clauses: readonly OrderByClause[];
  /** <0 if a sorts first; roots are `{ worker: <worker view> }`. */
  compare(a: Readonly<Root>, b: Readonly<Root>): number;
}

export function parseOrderBy(source: string, fail: Fail): OrderByClause[] {
  const tokens = tokenize(source, fail);
  const clauses: OrderByClause[] = [];
  let pos = 0;
  const describe = (t: Token): string =>
    t.kind === "end" ? "Unexpected end of input" : `Unexpected ${quoteText(t.text)}`;
  for (;;) {
    const key = tokens[pos++] as Token;
    if (key.kind !== "word" || key.path === undefined)
      return fail(describe(key), key.column, "a key such as worker.level");
    const path = key.path;
    if (path[0] !== "worker" || path.length < 2) {
      fail(`Invalid order_by key ${quoteText(key.text)}`, key.column, "a key starting with worker.");
    }
    if (!path.every((s): s is string => typeof s === "string")) {
      fail(`Invalid order_by key ${quoteText(key.text)}`, key.column, "a key without array indexes");
    }
    let t = tokens[pos++] as Token;
    let descending = false;
    const dir = t.kind === "word" ? t.value.toUpperCase() : "";
    if (dir === "ASC" || dir === "DESC") {
      descending = dir === "DESC";
      t = tokens[pos++] as Token;
    }
    clauses.push({ path: path as string[], descending });
    if (t.kind === "end") return clauses;
    if (t.kind !== ",")
      fail(
        describe(t),
        t.column,
        clauses.length > 0 && dir === "" ? "ASC, DESC, ',' or the end" : "',' or the end",
      );
  }
}

export function orderByComparator(clauses: readonly OrderByClause[]): (a: Root, b: Root) => number {
  const readers: { read: Reader; sign: number }[] = clauses.map((c) => ({
    read: pathReader(c.path as PathSegment[]),
    sign: c.descending ? -1 : 1,
  }));
  return (a, b) => {
    for (const { read, sign } of readers) {
      const x = read(a);
      const y = read(b);
      const xi = Number.isInteger(x);
      const yi = Number.isInteger(y);
      if (xi && yi) {
        if (x !== y) return (x as number) < (y as number) ? -sign : sign;
      } else if (xi !== yi) return xi ? -1 : 1;
    }
    return 0;
  };
}
