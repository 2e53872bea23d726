/** WorkerChannel updates: capacity (0..50; 0 = no new reservations) and availability. */
import type { WorkerChannel } from "../../domain/entities.ts";
import { notFound } from "../../domain/errors.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { workerChannelFields, workerFields } from "../events/fields.ts";
import { checkInteger } from "../validation/params.ts";
import { getWorker } from "./commands.ts";

export const MAX_CHANNEL_CAPACITY = 50;

export function updateWorkerChannel(ctx: Ctx, cmd: CommandOf<"workerChannel.update">): WorkerChannel {
  const s = ctx.s;
  const worker = getWorker(ctx, cmd.workerSid);
  const wc = s.workerChannel(worker.sid, cmd.sid);
  if (!wc) throw notFound("WorkerChannel", cmd.sid);
  const capacity =
    cmd.capacity === undefined ? undefined : checkInteger("Capacity", cmd.capacity, 0, MAX_CHANNEL_CAPACITY);
  ctx.touch("workerChannel", wc);
  if (capacity !== undefined && capacity !== wc.configuredCapacity) {
    const previous = wc.configuredCapacity;
    s.setWorkerChannelCapacity(wc, capacity);
    ctx.emit("worker.capacity.update", worker.sid, `Worker ${worker.friendlyName} capacity updated`, {
      ...workerFields(s, worker),
      ...workerChannelFields(s, wc),
      WorkerChannelPreviousCapacity: previous,
    });
  }
  if (cmd.available !== undefined && cmd.available !== wc.available) {
    s.setWorkerChannelAvailable(wc, cmd.available);
    ctx.emit(
      "worker.channel.availability.update",
      worker.sid,
      `Worker ${worker.friendlyName} channel availability updated`,
      {
        ...workerFields(s, worker),
        ...workerChannelFields(s, wc),
      },
    );
  }
  ctx.enqueue({ kind: "worker", sid: worker.sid });
  return wc;
}
