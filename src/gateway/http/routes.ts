/**
 * The worker SDK's relative URLs (`Workspaces/{WS}/…`) mapped to gateway calls. `:x` segments are
 * captured in order. Anything not listed is a 404 naming the call, so an unsupported SDK feature
 * fails loudly rather than half-working.
 */
import { gatewayRouteNotFound } from "../../domain/errors.ts";
import type { Payload } from "../../wire/serializers/dialect.ts";
import type { Call } from "./call.ts";
import * as participants from "./participant-calls.ts";
import * as reads from "./reads.ts";
import * as tasks from "./task-calls.ts";
import * as transfers from "./transfer-calls.ts";
import * as workers from "./worker-calls.ts";

type Handler = (call: Call, args: string[]) => Payload | Promise<Payload>;

const ROUTES: Array<[Call["method"], string, Handler]> = [
  ["GET", "", (c) => reads.getWorkspace(c)],
  ["GET", "Activities", (c) => reads.listActivities(c)],
  ["GET", "Activities/:", (c, [sid = ""]) => reads.getActivity(c, sid)],
  ["GET", "TaskQueues", (c) => reads.listQueues(c)],
  ["GET", "TaskQueues/:", (c, [sid = ""]) => reads.getQueue(c, sid)],
  ["GET", "Workers", (c) => reads.listAllWorkers(c)],
  ["GET", "Workers/:", (c, [sid = ""]) => reads.getWorker(c, sid)],
  ["POST", "Workers/:", (c, [sid = ""]) => workers.updateWorker(c, sid)],
  ["GET", "Workers/:/WorkerChannels", (c, [wk = ""]) => workers.listChannels(c, wk)],
  ["GET", "Workers/:/Channels", (c, [wk = ""]) => workers.listChannels(c, wk)],
  ["GET", "Workers/:/WorkerChannels/:", (c, [wk = "", sid = ""]) => workers.getChannel(c, wk, sid)],
  ["GET", "Workers/:/Channels/:", (c, [wk = "", sid = ""]) => workers.getChannel(c, wk, sid)],
  ["POST", "Workers/:/WorkerChannels/:", (c, [wk = "", sid = ""]) => workers.updateChannel(c, wk, sid)],
  ["POST", "Workers/:/Channels/:", (c, [wk = "", sid = ""]) => workers.updateChannel(c, wk, sid)],
  ["GET", "Workers/:/Reservations", (c, [wk = ""]) => workers.listReservations(c, wk)],
  ["GET", "Workers/:/Reservations/:", (c, [wk = "", sid = ""]) => workers.getReservation(c, wk, sid)],
  ["POST", "Workers/:/Reservations/:", (c, [wk = "", sid = ""]) => workers.updateReservation(c, wk, sid)],
  ["POST", "Workers/:/Transfers", (c, [wk = ""]) => transfers.createTransfer(c, wk)],
  ["POST", "Workers/:/Transfers/:", (c, [wk = "", sid = ""]) => transfers.updateTransfer(c, wk, sid)],
  ["POST", "Workers/:/CustomerParticipant", (c, [wk = ""]) => participants.updateCustomer(c, wk)],
  ["POST", "Workers/:/HoldWorkerParticipant", (c, [wk = ""]) => participants.holdWorker(c, wk)],
  ["POST", "Workers/:/KickWorkerParticipant", (c, [wk = ""]) => participants.kickWorker(c, wk)],
  ["POST", "Workers/:/WorkerParticipant", (c, [wk = ""]) => participants.updateWorker(c, wk)],
  ["POST", "Tasks", (c) => tasks.createTask(c)],
  ["GET", "Tasks/:", (c, [sid = ""]) => tasks.getTask(c, sid)],
  ["POST", "Tasks/:", (c, [sid = ""]) => tasks.updateTask(c, sid)],
  ["GET", "Tasks/:/Reservations/:", (c, [wt = "", sid = ""]) => tasks.getTaskReservation(c, wt, sid)],
  ["POST", "Tasks/:/Reservations/:", (c, [wt = "", sid = ""]) => tasks.updateTaskReservation(c, wt, sid)],
];

const COMPILED = ROUTES.map(([method, path, handler]) => ({
  method,
  parts: path === "" ? [] : path.split("/"),
  handler,
}));

export function route(call: Call): Payload | Promise<Payload> {
  const { segments, method } = call;
  for (const r of COMPILED) {
    if (r.method !== method || r.parts.length !== segments.length) continue;
    const args: string[] = [];
    if (
      r.parts.every((part, i) => (part === ":" ? args.push(segments[i] ?? "") > 0 : part === segments[i]))
    ) {
      return r.handler(call, args);
    }
  }
  const path = ["Workspaces", call.session.grant.workspaceSid, ...segments].join("/");
  throw gatewayRouteNotFound(method, path);
}
