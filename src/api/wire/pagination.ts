/**
 * Paging for every TaskRouter list: PageSize 1..1000 (default 50, more is error 20007), Page (client
 * state), PageToken (opaque to clients). Tokens name the last item seen (`PA<sid>`, next page) or the
 * first item of the current page (`PB<sid>`, previous page), so pages stay stable while items are
 * added. `meta` URLs are absolute on TASKLANE_PUBLIC_URL and echo the list's filters, so the SDKs
 * can follow `next_page_url` verbatim.
 */
import { invalidParameter, pageSizeTooLarge } from "../../domain/errors.ts";
import { encodeParams } from "./form.ts";
import type { Params } from "./params.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface PageMeta {
  key: string;
  page: number;
  page_size: number;
  url: string;
  first_page_url: string;
  previous_page_url: string | null;
  next_page_url: string | null;
}

export interface PageRequest<T> {
  /** The list key: `workspaces`, `workers`, ... */
  key: string;
  /** Absolute URL of the list without a query string. */
  url: string;
  /** The query parameters of the request (filters are echoed; paging ones are rebuilt). */
  query: Params;
  /** Every matching item, in list order (the order must be stable). */
  items: readonly T[];
  sidOf: (item: T) => string;
}

export interface Page<T> {
  items: T[];
  meta: PageMeta;
}

const PAGING = new Set(["PageSize", "Page", "PageToken"]);

export function paginate<T>(request: PageRequest<T>): Page<T> {
  const { query, items, sidOf } = request;
  const requested = query.integer("PageSize", { min: 1, max: Number.MAX_SAFE_INTEGER });
  if (requested !== undefined && requested > MAX_PAGE_SIZE) throw pageSizeTooLarge(requested);
  const pageSize = requested ?? DEFAULT_PAGE_SIZE;
  const page = query.integer("Page", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const start = startIndex(query.string("PageToken"), page, pageSize, items, sidOf);
  const slice = items.slice(start, start + pageSize);

  const filters = Object.fromEntries(query.entries().filter(([name]) => !PAGING.has(name)));
  const link = (p: number, token?: string) =>
    `${request.url}?${encodeParams({ ...filters, PageSize: pageSize, Page: p, PageToken: token })}`;
  const last = slice.at(-1);
  const first = slice[0];
  const hasNext = last !== undefined && start + slice.length < items.length;
  return {
    items: slice,
    meta: {
      key: request.key,
      page,
      page_size: pageSize,
      url: link(page, query.string("PageToken")),
      first_page_url: link(0),
      previous_page_url:
        page > 0 && first !== undefined && start > 0 ? link(page - 1, `PB${sidOf(first)}`) : null,
      next_page_url: hasNext ? link(page + 1, `PA${sidOf(last)}`) : null,
    },
  };
}

function startIndex<T>(
  token: string | undefined,
  page: number,
  pageSize: number,
  items: readonly T[],
  sidOf: (item: T) => string,
): number {
  if (token === undefined || token === "") return Math.min(page * pageSize, items.length);
  const direction = token.slice(0, 2);
  const sid = token.slice(2);
  if (direction !== "PA" && direction !== "PB") {
    throw invalidParameter("PageToken", "not a token returned by this API; follow meta.next_page_url");
  }
  const index = items.findIndex((item) => sidOf(item) === sid);
  // The item the token names was removed: fall back to the page's position.
  if (index < 0) return Math.min(page * pageSize, items.length);
  return direction === "PA" ? index + 1 : Math.max(index - pageSize, 0);
}
