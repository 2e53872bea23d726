/**
 * The port to a TaskRouter server that plan, apply and export use: the public REST API only
 * (src/cli/rest-client.ts implements it with fetch). Responses are TaskRouter's snake_case JSON.
 */
import type { JsonObject } from "../domain/entities.ts";

export type Form = Record<string, string | number | boolean | undefined>;

export interface TaskRouterApi {
  get(path: string): Promise<JsonObject>;
  /** Every item of a list, following next_page_url. */
  list(path: string, key: string): Promise<JsonObject[]>;
  post(path: string, form: Form): Promise<JsonObject>;
  delete(path: string): Promise<void>;
}

/** A Twilio-shaped error answer (`code`, `message`, `more_info`, `status`). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
    readonly moreInfo: string | null,
  ) {
    super(message);
  }

  describe(): string {
    return `${this.message} (${this.code === null ? `HTTP ${this.status}` : `error ${this.code}, HTTP ${this.status}`})`;
  }
}

/** Runs `work` over `items`, at most `limit` at once, in order of results. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
