/**
 * The Events API query in SQL: one statement built from the filters that are set. Field clauses read
 * the jsonb fields with ->>; names are checked (checkFieldName) and passed as parameters anyway.
 */
import { checkFieldName } from "../event-filter.ts";
import type { EventFilter, EventPage } from "../port.ts";

export function eventQuerySql(
  workspaceSid: string,
  filter: EventFilter,
  page?: EventPage,
): { text: string; values: unknown[]; ascending: boolean } {
  const values: unknown[] = [workspaceSid];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = ["workspace_sid = $1"];
  if (filter.from !== undefined) where.push(`timestamp_ms >= ${param(filter.from)}`);
  if (filter.to !== undefined) where.push(`timestamp_ms <= ${param(filter.to)}`);
  if (filter.eventType !== undefined) where.push(`event_type = ${param(filter.eventType)}`);
  if (filter.sid !== undefined) where.push(`sid = ${param(filter.sid)}`);
  for (const clause of filter.fields ?? []) {
    const value = param(clause.value);
    const any = clause.names.map((name) => `fields ->> ${param(checkFieldName(name))} = ${value}`);
    where.push(`(${any.join(" OR ")})`);
  }
  if (page?.beforeSequence !== undefined) where.push(`sequence < ${param(page.beforeSequence)}`);
  if (page?.afterSequence !== undefined) where.push(`sequence > ${param(page.afterSequence)}`);
  // The previous page is the oldest `limit` events after the cursor, shown newest first.
  const ascending = page?.afterSequence !== undefined;
  let text = `SELECT * FROM events WHERE ${where.join(" AND ")} ORDER BY sequence ${ascending ? "ASC" : "DESC"}`;
  if (page !== undefined) text += ` LIMIT ${param(page.limit)} OFFSET ${param(page.offset ?? 0)}`;
  return { text, values, ascending };
}
