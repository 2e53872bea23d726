/**
 * Turning stored (kind, document) pairs into a WorkspaceSnapshot. Shared by every adapter so they all
 * rebuild workspaces the same way.
 */
import type { WorkspaceSnapshot } from "../engine/view.ts";
import type { StoredEntity } from "./port.ts";

// The engine's one registry of entity kinds (src/engine/entity-kinds.ts).
export { ENTITY_KIND_LIST as ENTITY_KINDS, isEntityKind } from "../engine/entity-kinds.ts";

/** Groups one workspace's entities; null when the workspace document itself is missing. */
export function buildSnapshot(entities: Iterable<StoredEntity>): WorkspaceSnapshot | null {
  const builder = new SnapshotBuilder();
  for (const item of entities) builder.add(item);
  return builder.finish();
}

/**
 * Collects one workspace's entities as they are read (rows streamed from a database), without an
 * intermediate list; `finish` gives the snapshot, or null when the workspace document is missing.
 */
export class SnapshotBuilder {
  private readonly parts: Omit<WorkspaceSnapshot, "workspace"> = {
    activities: [],
    taskChannels: [],
    workers: [],
    workerChannels: [],
    taskQueues: [],
    workflows: [],
    tasks: [],
    reservations: [],
  };
  private workspace: WorkspaceSnapshot["workspace"] | null = null;

  add(item: StoredEntity): void {
    const parts = this.parts;
    switch (item.kind) {
      case "workspace":
        this.workspace = item.entity;
        break;
      case "activity":
        parts.activities.push(item.entity);
        break;
      case "taskChannel":
        parts.taskChannels.push(item.entity);
        break;
      case "worker":
        parts.workers.push(item.entity);
        break;
      case "workerChannel":
        parts.workerChannels.push(item.entity);
        break;
      case "taskQueue":
        parts.taskQueues.push(item.entity);
        break;
      case "workflow":
        parts.workflows.push(item.entity);
        break;
      case "task":
        parts.tasks.push(item.entity);
        break;
      case "reservation":
        parts.reservations.push(item.entity);
        break;
    }
  }

  finish(): WorkspaceSnapshot | null {
    return this.workspace === null ? null : { workspace: this.workspace, ...this.parts };
  }
}
