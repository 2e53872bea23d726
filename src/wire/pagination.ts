/**
 * Paging for every TaskRouter list: PageSize 1..1000 (default 50, more is error 20007), Page (client
 * state), PageToken (opaque to clients). Tokens name the last item seen (`PA<sid>`, next page) or the
 * first item of the current page (`PB<sid>`, previous page), so pages stay stable while items are
 * added. `meta` URLs are absolute on TASKLANE_PUBLIC_URL and echo the list's filters, so the SDKs
 * can follow `next_page_url` verbatim.
 */
import { invalidParameter, pageSizeTooLarge } from "../domain/errors.ts";
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
  const { pageSize, page } = pagingOf(query);
  const start = startIndex(query.string("PageToken"), page, pageSize, items, sidOf);
  const slice = items.slice(start, start + pageSize);
  const last = slice.at(-1);
  const first = slice[0];
  const hasNext = last !== undefined && start + slice.length < items.length;
  return {
    items: slice,
    meta: metaOf(request, pageSize, page, {
      previous: page > 0 && first !== undefined && start > 0 ? `PB${sidOf(first)}` : null,
      next: hasNext ? `PA${sidOf(last)}` : null,
    }),
  };
}

/** What a keyset page asks of its source: newest first, by a numeric key such as a sequence. */
export interface KeysetWindow {
  limit: number;
  /** Only items with a smaller key (the next page). */
  beforeSequence?: number;
  /** Only items with a larger key, the `limit` closest to it, still newest first (previous page). */
  afterSequence?: number;
  offset?: number;
}

export interface KeysetRequest<T> extends Omit<PageRequest<T>, "items" | "sidOf"> {
  fetch: (window: KeysetWindow) => Promise<T[]>;
  keyOf: (item: T) => number;
}

/**
 * Paging that reads one page from its source instead of the whole list (the Events API: a window
 * of days holds millions of events). Tokens name the key of the last item seen (`PA<key>`, next
 * page) or the first item of the current page (`PB<key>`, previous page).
 */
export async function paginateKeyset<T>(request: KeysetRequest<T>): Promise<Page<T>> {
  const { query, keyOf } = request;
  const { pageSize, page } = pagingOf(query);
  const token = query.string("PageToken");
  let items: T[];
  let hasNext: boolean;
  let hasPrevious: boolean;
  if (token === undefined || token === "") {
    const fetched = await request.fetch({ limit: pageSize + 1, offset: page * pageSize });
    items = fetched.slice(0, pageSize);
    hasNext = fetched.length > pageSize;
    hasPrevious = page > 0;
  } else {
    const direction = token.slice(0, 2);
    const key = token.slice(2);
    if ((direction !== "PA" && direction !== "PB") || !/^\d{1,15}$/.test(key)) {
      throw invalidParameter("PageToken", "not a token returned by this API; follow meta.next_page_url");
    }
    if (direction === "PA") {
      const fetched = await request.fetch({ limit: pageSize + 1, beforeSequence: Number(key) });
      items = fetched.slice(0, pageSize);
      hasNext = fetched.length > pageSize;
      hasPrevious = true;
    } else {
      const fetched = await request.fetch({ limit: pageSize + 1, afterSequence: Number(key) });
      // Newest first: an extra item at the head means there are newer pages still.
      items = fetched.length > pageSize ? fetched.slice(1) : fetched;
      hasNext = true;
      hasPrevious = fetched.length > pageSize;
    }
  }
  const first = items[0];
  const last = items.at(-1);
  return {
    items,
    meta: metaOf(request, pageSize, page, {
      previous: hasPrevious && page > 0 && first !== undefined ? `PB${keyOf(first)}` : null,
      next: hasNext && last !== undefined ? `PA${keyOf(last)}` : null,
    }),
  };
}

function pagingOf(query: Params): { pageSize: number; page: number } {
  const requested = query.integer("PageSize", { min: 1, max: Number.MAX_SAFE_INTEGER });
  if (requested !== undefined && requested > MAX_PAGE_SIZE) throw pageSizeTooLarge(requested);
  const pageSize = requested ?? DEFAULT_PAGE_SIZE;
  const page = query.integer("Page", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  return { pageSize, page };
}

function metaOf(
  request: { key: string; url: string; query: Params },
  pageSize: number,
  page: number,
  tokens: { previous: string | null; next: string | null },
): PageMeta {
  const { query } = request;
  const filters = Object.fromEntries(query.entries().filter(([name]) => !PAGING.has(name)));
  const link = (p: number, token?: string) =>
    `${request.url}?${encodeParams({ ...filters, PageSize: pageSize, Page: p, PageToken: token })}`;
  return {
    key: request.key,
    page,
    page_size: pageSize,
    url: link(page, query.string("PageToken")),
    first_page_url: link(0),
    previous_page_url: tokens.previous === null ? null : link(page - 1, tokens.previous),
    next_page_url: tokens.next === null ? null : link(page + 1, tokens.next),
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
