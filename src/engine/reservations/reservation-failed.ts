/**
 * `reservation.failed`: a worker could not get a reservation for the task it created for itself
 * (the SDK's `Worker.createTask`, RoutingTarget = the worker). The SDK's documentation: "Worker was
 * unable to receive a Reservation for the Task it created"; its fixture is the canceled task itself,
 * reason "RoutingTarget SLA for Reservation creation was not met". TaskRouter does not say how long
 * its SLA is; Tasklane's is the creation itself: the gateway asks right after `task.create` commits,
 * and a task that is still pending without a reservation then (the worker is not in an available
 * activity, or has no free capacity with IgnoreCapacity=false) is canceled with that reason, then the
 * event names the task and the worker (docs/worker-sdk.md). A task that got its reservation, or has
 * moved on, is left alone (the result is null).
 */
import type { Task } from "../../domain/entities.ts";
import type { CommandOf } from "../commands.ts";
import type { Ctx } from "../context.ts";
import { taskFields } from "../events/fields.ts";
import { cancelTask } from "../machines/task.ts";

export const RESERVATION_SLA_REASON = "RoutingTarget SLA for Reservation creation was not met";

export function failUnreservedTask(ctx: Ctx, cmd: CommandOf<"task.reservationFailed">): Task | null {
  const s = ctx.s;
  const task = s.tasksById.get(cmd.sid);
  const worker = s.workersById.get(cmd.workerSid);
  if (task === undefined || worker === undefined) return null;
  if (task.assignmentStatus !== "pending" || task.routingTarget !== worker.sid) return null;
  if (s.reservationsOfTask(task.sid).length > 0) return null;
  cancelTask(ctx, task, RESERVATION_SLA_REASON);
  ctx.emit(
    "reservation.failed",
    task.sid,
    `Worker ${worker.friendlyName} could not get a reservation for task ${task.sid}: ${RESERVATION_SLA_REASON}`,
    { ...taskFields(s, task, ctx.now), WorkerSid: worker.sid, WorkerName: worker.friendlyName },
  );
  return task;
}
