/**
 * Entity rows that cannot be read at start: a document that is not valid JSON (SQLite stores text),
 * not a JSON object, or not the entity its row says (another SID), or an unknown kind. One such row
 * must not keep a deployment down without saying where it is: the error names the table, the
 * workspace, the kind and the SID. With TASKLANE_QUARANTINE_BAD_ROWS=1 the adapter moves the row to
 * `quarantined_rows` instead (same transaction as its removal from `entities`), logs it, and starts
 * without it; an operator can inspect it there and put a repaired document back.
 */
import type { StoredEntity } from "./port.ts";
import { isEntityKind } from "./snapshot.ts";
import { StoreError } from "./store-errors.ts";

export interface BadRow {
  table: "entities";
  workspaceSid: string;
  kind: string;
  sid: string;
  /** The stored document as text, kept as it was. */
  document: string;
  reason: string;
}

/** The entity of a row, or what is wrong with it. `parse`: `document` is JSON text (else parsed). */
export function readEntityRow(
  workspaceSid: string,
  kind: string,
  sid: string,
  document: unknown,
  parse: boolean,
): StoredEntity | BadRow {
  // No closure or intermediate object on the good path: a restart reads a million rows here.
  if (!isEntityKind(kind))
    return badEntityRow(workspaceSid, kind, sid, document, parse, `unknown entity kind "${kind}"`);
  let entity: unknown = document;
  if (parse) {
    try {
      entity = JSON.parse(document as string);
    } catch (error) {
      const reason = `the document is not valid JSON (${error instanceof Error ? error.message : error})`;
      return badEntityRow(workspaceSid, kind, sid, document, parse, reason);
    }
  }
  if (entity === null || typeof entity !== "object" || Array.isArray(entity)) {
    return badEntityRow(workspaceSid, kind, sid, document, parse, "the document is not a JSON object");
  }
  if ((entity as { sid?: unknown }).sid !== sid) {
    return badEntityRow(workspaceSid, kind, sid, document, parse, "the document's sid is not the row's");
  }
  return { kind, sid, entity } as StoredEntity;
}

function badEntityRow(
  workspaceSid: string,
  kind: string,
  sid: string,
  document: unknown,
  parse: boolean,
  reason: string,
): BadRow {
  return {
    table: "entities",
    workspaceSid,
    kind,
    sid,
    // As stored: the raw text (SQLite), or the parsed jsonb written back as JSON (PostgreSQL).
    document: parse ? String(document) : (JSON.stringify(document) ?? "null"),
    reason,
  };
}

export function isBadRow(value: StoredEntity | BadRow): value is BadRow {
  return "reason" in value;
}

export function badRowError(row: BadRow): StoreError {
  return new StoreError(
    `cannot read table ${row.table}, workspace ${row.workspaceSid}, ${row.kind} ${row.sid}: ${row.reason}. ` +
      "Repair or delete that row, or start with TASKLANE_QUARANTINE_BAD_ROWS=1 to move it to the table " +
      "quarantined_rows and start without it",
  );
}

export function quarantinedMessage(row: BadRow): string {
  return `quarantined ${row.kind} ${row.sid} of workspace ${row.workspaceSid} (table ${row.table}: ${row.reason}); it is in quarantined_rows and was not loaded`;
}
