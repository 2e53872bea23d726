/**
 * Lists in the worker SDK's dialect: `{contents, after_sid}`; the next page is asked for with
 * `AfterSid=<after_sid>` (or, when the list was ordered with `Ordering`, `NextToken=<meta.next_token>`,
 * which carries the same SID). `after_sid` is null on the last page. REST's pages are
 * src/wire/pagination.ts.
 */

import { invalidParameter } from "../../domain/errors.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../pagination.ts";
import type { Params } from "../params.ts";
import type { WireObject } from "./dialect.ts";

export function sdkPage<T>(
  items: readonly T[],
  params: Params,
  sidOf: (item: T) => string,
  render: (item: T) => WireObject | null,
): WireObject {
  const size = params.integer("PageSize", { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE;
  const cursorName = params.has("NextToken") ? "NextToken" : "AfterSid";
  const after = params.string(cursorName);
  let start = 0;
  if (after !== undefined && after !== "") {
    const index = items.findIndex((item) => sidOf(item) === after);
    if (index < 0) throw invalidParameter(cursorName, `${after} is not in this list (was it deleted?)`);
    start = index + 1;
  }
  const page = items.slice(start, start + size);
  const last = page.at(-1);
  const next = start + size < items.length && last !== undefined ? sidOf(last) : null;
  return {
    contents: page.map(render).filter((p): p is WireObject => p !== null),
    after_sid: next,
    meta: { next_token: next, page_size: size },
  };
}
