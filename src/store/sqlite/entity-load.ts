/**
 * Reading the entities back into workspace snapshots (start, resync), and moving unreadable rows
 * aside (src/store/bad-rows.ts). Rows come grouped by workspace (primary key order) and are streamed
 * straight into snapshots: one JSON.parse per document, no row objects or intermediate lists.
 */
import type Database from "better-sqlite3";
import type { WorkspaceSnapshot } from "../../engine/view.ts";
import { type BadRow, badRowError, isBadRow, quarantinedMessage, readEntityRow } from "../bad-rows.ts";
import { buildSnapshot, SnapshotBuilder } from "../snapshot.ts";
import type { EntityRow } from "./rows.ts";
import type { Statements } from "./statements.ts";

type RawEntityRow = [workspaceSid: string, kind: string, sid: string, document: string];
type RawWorkspaceRow = [kind: string, sid: string, document: string];

/** Every workspace; an unreadable row throws a named error, or is returned in `bad` (quarantine). */
export function loadSnapshots(
  sql: Statements,
  quarantine: boolean,
): { snapshots: WorkspaceSnapshot[]; bad: BadRow[] } {
  const snapshots: WorkspaceSnapshot[] = [];
  const bad: BadRow[] = [];
  let current: string | null = null;
  let builder = new SnapshotBuilder();
  for (const row of sql.allEntitiesRaw.iterate() as Iterable<RawEntityRow>) {
    const [workspaceSid, kind, sid, document] = row;
    if (workspaceSid !== current) {
      if (current !== null) pushSnapshot(snapshots, builder);
      current = workspaceSid;
      builder = new SnapshotBuilder();
    }
    const entity = readEntityRow(workspaceSid, kind, sid, document, true);
    if (!isBadRow(entity)) builder.add(entity);
    else if (quarantine) bad.push(entity);
    else throw badRowError(entity);
  }
  if (current !== null) pushSnapshot(snapshots, builder);
  return { snapshots, bad };
}

/**
 * One workspace, streamed like loadSnapshots (start-up restores workspaces one by one); an
 * unreadable row throws a named error, or is returned in `bad` (quarantine).
 */
export function streamWorkspaceSnapshot(
  sql: Statements,
  workspaceSid: string,
  quarantine: boolean,
): { snapshot: WorkspaceSnapshot | null; bad: BadRow[] } {
  const bad: BadRow[] = [];
  const builder = new SnapshotBuilder();
  for (const row of sql.workspaceEntitiesRaw.iterate(workspaceSid) as Iterable<RawWorkspaceRow>) {
    const kind = row[0];
    const sid = row[1];
    const document = row[2];
    const entity = readEntityRow(workspaceSid, kind, sid, document, true);
    if (!isBadRow(entity)) builder.add(entity);
    else if (quarantine) bad.push(entity);
    else throw badRowError(entity);
  }
  return { snapshot: builder.finish(), bad };
}

export function loadWorkspaceSnapshot(sql: Statements, workspaceSid: string): WorkspaceSnapshot | null {
  const rows = sql.workspaceEntities.all(workspaceSid) as EntityRow[];
  return buildSnapshot(
    rows.map((row) => {
      const entity = readEntityRow(row.workspace_sid, row.kind, row.sid, row.document, true);
      if (isBadRow(entity)) throw badRowError(entity);
      return entity;
    }),
  );
}

/** Moves unreadable rows to quarantined_rows in one transaction (they were left out of the snapshots). */
export function quarantineRows(
  db: Database.Database,
  sql: Statements,
  rows: BadRow[],
  warn: (message: string) => void,
): void {
  const now = Date.now();
  db.transaction(() => {
    for (const row of rows) {
      sql.quarantineRow.run(row.table, row.workspaceSid, row.kind, row.sid, row.document, row.reason, now);
      sql.deleteEntity.run(row.workspaceSid, row.kind, row.sid);
    }
  })();
  for (const row of rows) warn(quarantinedMessage(row));
}

function pushSnapshot(into: WorkspaceSnapshot[], builder: SnapshotBuilder): void {
  const snapshot = builder.finish();
  if (snapshot !== null) into.push(snapshot);
}
