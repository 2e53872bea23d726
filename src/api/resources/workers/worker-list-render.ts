/**
 * A worker as a ListWorker page shows it (attributes null), rendered to JSON once per worker
 * version and reused by every list page that shows it unchanged: a filtered list under steady writes
 * re-serialises only the workers that changed. The engine changes Worker objects in place, so an
 * entry is reused only while every field the rendering reads is the same (the version, the dates,
 * the name, the activity and the activity's name and availability, the public base URL).
 */
import type { Worker } from "../../../domain/entities.ts";
import type { WireContext } from "../../../wire/serializers/dialect.ts";
import { serializeWorker } from "../../../wire/serializers/worker.ts";

interface Entry {
  dialect: WireContext["dialect"];
  version: number;
  base: string;
  friendlyName: string;
  activitySid: string;
  activityName: string | undefined;
  available: boolean | undefined;
  dateStatusChanged: number;
  dateUpdated: number;
  json: string;
}

/** Keyed by the engine's Worker object: a resynced engine's new objects get new entries. */
const rendered = new WeakMap<Worker, Entry>();

export function workerListJson(ctx: WireContext, w: Worker): string {
  const activity = ctx.view.activity(w.activitySid);
  const entry = rendered.get(w);
  if (
    entry !== undefined &&
    entry.dialect === ctx.dialect &&
    entry.version === w.version &&
    entry.base === ctx.base &&
    entry.friendlyName === w.friendlyName &&
    entry.activitySid === w.activitySid &&
    entry.activityName === activity?.friendlyName &&
    entry.available === activity?.available &&
    entry.dateStatusChanged === w.dateStatusChanged &&
    entry.dateUpdated === w.dateUpdated
  ) {
    return entry.json;
  }
  const json = JSON.stringify(serializeWorker(ctx, w, true));
  rendered.set(w, {
    dialect: ctx.dialect,
    version: w.version,
    base: ctx.base,
    friendlyName: w.friendlyName,
    activitySid: w.activitySid,
    activityName: activity?.friendlyName,
    available: activity?.available,
    dateStatusChanged: w.dateStatusChanged,
    dateUpdated: w.dateUpdated,
    json,
  });
  return json;
}
