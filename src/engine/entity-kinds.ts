/**
 * Every entity kind of a workspace, once, with the WorkspaceSnapshot list that holds its entities
 * (null for the workspace itself). WorkspaceState's lookup and snapshot and the store's snapshot
 * code (src/store/snapshot.ts) all walk this registry, so a new kind is added here and nowhere else
 * is forgotten.
 */
import type { EntityKind } from "../domain/entities.ts";
import type { WorkspaceSnapshot } from "./view.ts";

export type SnapshotList = Exclude<keyof WorkspaceSnapshot, "workspace">;

export const ENTITY_KINDS: { readonly [K in EntityKind]: SnapshotList | null } = {
  workspace: null,
  activity: "activities",
  taskChannel: "taskChannels",
  worker: "workers",
  workerChannel: "workerChannels",
  taskQueue: "taskQueues",
  workflow: "workflows",
  task: "tasks",
  reservation: "reservations",
};

export function isEntityKind(value: string): value is EntityKind {
  return Object.hasOwn(ENTITY_KINDS, value);
}

/** The kinds in registry order (the workspace first). */
export const ENTITY_KIND_LIST: readonly EntityKind[] = Object.keys(ENTITY_KINDS).filter(isEntityKind);
