/**
 * The Events API query in SQL: one statement built from the filters that are set. Field clauses use
 * json_extract on the stored fields; names are checked (checkFieldName) before they reach the SQL.
 */
import type Database from "better-sqlite3";
import { checkFieldName } from "../event-filter.ts";
import type { EventFilter, EventPage, StoredEvent } from "../port.ts";
import { type EventRow, rowToEvent } from "./rows.ts";

export function queryEvents(
  db: Database.Database,
  workspaceSid: string,
  filter: EventFilter,
  page?: EventPage,
): StoredEvent[] {
  const where = ["workspace_sid = ?"];
  const args: Array<string | number> = [workspaceSid];
  if (filter.from !== undefined) {
    where.push("timestamp_ms >= ?");
    args.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push("timestamp_ms <= ?");
    args.push(filter.to);
  }
  if (filter.eventType !== undefined) {
    where.push("event_type = ?");
    args.push(filter.eventType);
  }
  if (filter.sid !== undefined) {
    where.push("sid = ?");
    args.push(filter.sid);
  }
  for (const clause of filter.fields ?? []) {
    const any = clause.names.map((name) => `json_extract(fields, '$.${checkFieldName(name)}') = ?`);
    where.push(`(${any.join(" OR ")})`);
    for (const _ of clause.names) args.push(clause.value);
  }
  if (page?.beforeSequence !== undefined) {
    where.push("sequence < ?");
    args.push(page.beforeSequence);
  }
  if (page?.afterSequence !== undefined) {
    where.push("sequence > ?");
    args.push(page.afterSequence);
  }
  // The previous page is the oldest `limit` events after the cursor, shown newest first.
  const ascending = page?.afterSequence !== undefined;
  let sql = `SELECT * FROM events WHERE ${where.join(" AND ")} ORDER BY sequence ${ascending ? "ASC" : "DESC"}`;
  if (page !== undefined) {
    sql += " LIMIT ? OFFSET ?";
    args.push(page.limit, page.offset ?? 0);
  }
  const rows = (db.prepare(sql).all(...args) as EventRow[]).map(rowToEvent);
  return ascending ? rows.reverse() : rows;
}
