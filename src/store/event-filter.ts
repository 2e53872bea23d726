/**
 * The Events API filter as one predicate, shared by the adapters that filter in memory, and the rule
 * every adapter applies to field names (they end up in SQL as JSON paths).
 */
import type { EventFilter, StoredEvent } from "./port.ts";
import { StoreError } from "./store-errors.ts";

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

export function checkFieldName(name: string): string {
  if (!FIELD_NAME.test(name)) throw new StoreError(`"${name}" is not an event field name`);
  return name;
}

export function eventMatches(event: StoredEvent, filter: EventFilter): boolean {
  if (filter.from !== undefined && event.timestamp < filter.from) return false;
  if (filter.to !== undefined && event.timestamp > filter.to) return false;
  if (filter.eventType !== undefined && event.eventType !== filter.eventType) return false;
  if (filter.sid !== undefined && event.sid !== filter.sid) return false;
  for (const clause of filter.fields ?? []) {
    if (!clause.names.some((name) => event.fields[checkFieldName(name)] === clause.value)) return false;
  }
  return true;
}
