/**
 * The serialisers of src/wire/serializers, byte for byte: a workspace with tasks in every state, a
 * transfer and Tasklane's chores, rendered in both dialects, against serializers.golden.txt. The
 * golden file was written by the serialisers these replaced (src/api/serializers for REST,
 * src/gateway/dialect for the worker SDK), so it pins both dialects' field names, values and key
 * order. A change to a dialect shows here as a diff of one line per entity.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serializeActivity } from "../../../src/wire/serializers/activity.ts";
import { restContext, sdkContext } from "../../../src/wire/serializers/dialect.ts";
import { reservationWithTask, serializeReservation } from "../../../src/wire/serializers/reservation.ts";
import { serializeTask } from "../../../src/wire/serializers/task.ts";
import { serializeTaskChannel } from "../../../src/wire/serializers/task-channel.ts";
import { serializeTaskQueue } from "../../../src/wire/serializers/task-queue.ts";
import { serializeTransfer } from "../../../src/wire/serializers/transfer.ts";
import { serializeWorker } from "../../../src/wire/serializers/worker.ts";
import { serializeWorkerChannel } from "../../../src/wire/serializers/worker-channel.ts";
import { serializeWorkflow } from "../../../src/wire/serializers/workflow.ts";
import { serializeWorkspace } from "../../../src/wire/serializers/workspace.ts";
import { tasksInEveryState } from "../engine/every-state.ts";
import { Harness } from "../engine/harness.ts";

const BASE = "http://x:1";

/** Tasks pending, reserved, assigned (with a COLD transfer to a queue), wrapping and completed. */
function fixture(): Harness {
  const h = new Harness();
  const q = h.queue("Support", "skill == 'a'", { maxReservedWorkers: 1 });
  const q2 = h.queue("Other", "1==1", { taskOrder: "LIFO" });
  h.workflow({ task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q, timeout: 60 }] }] } });
  tasksInEveryState(h, q2);
  h.advance(5);
  return h;
}

function rendered(h: Harness): string[] {
  const v = h.view;
  const now = h.clock.now() + 7777;
  const rest = restContext(BASE, v, now);
  const sdk = sdkContext(v, now);
  const out: string[] = [];
  const put = (label: string, x: unknown) => out.push(`${label} ${JSON.stringify(x)}`);
  for (const a of v.activities()) {
    put("ra", serializeActivity(rest, a));
    put("sa", serializeActivity(sdk, a));
  }
  for (const c of v.taskChannels()) put("rc", serializeTaskChannel(rest, c));
  for (const q of v.taskQueues()) {
    put("rq", serializeTaskQueue(rest, q));
    put("sq", serializeTaskQueue(sdk, q));
  }
  for (const w of v.workflows()) put("rw", serializeWorkflow(rest, w));
  for (const w of v.workers()) {
    put("rk", serializeWorker(rest, w));
    put("rkl", serializeWorker(rest, w, true));
    put("sk", serializeWorker(sdk, w));
    for (const c of v.workerChannels(w.sid)) {
      put("rwc", serializeWorkerChannel(rest, c));
      put("swc", serializeWorkerChannel(sdk, c));
    }
  }
  for (const t of v.tasks()) {
    put("rt", serializeTask(rest, t));
    put("rtl", serializeTask(rest, t, true));
    put("st", serializeTask(sdk, t));
    for (const tr of t.transfers ?? []) {
      put("str", serializeTransfer(sdk, t, tr));
      put("stra", serializeTransfer(sdk, t, tr, { status: "failed", reason: null }));
      put("strb", serializeTransfer(sdk, t, tr, { status: "x", reason: "why" }));
    }
    for (const r of v.reservationsOfTask(t.sid)) {
      put("rrt", serializeReservation(rest, r, { via: "task" }));
      put("rrw", serializeReservation(rest, r, { via: "worker" }));
      put("sr", reservationWithTask(sdk, r));
      put("sru", reservationWithTask(sdk, r, { transfers: false }));
    }
  }
  const workspace = () => {
    put("rws", serializeWorkspace(restContext(BASE, h.view, h.clock.now())));
    put("sws", serializeWorkspace(sdkContext(h.view, h.clock.now())));
  };
  workspace();
  h.exec({
    type: "workspace.update",
    channelRules: '[{"while":"default","block":["chat"]}]',
    maxAssignedSeconds: 60,
    maxAssignedAction: "cancel",
  });
  workspace();
  return out;
}

describe("wire serialisers", () => {
  it("render both dialects exactly as the serialisers they replaced did", () => {
    const golden = readFileSync(new URL("./serializers.golden.txt", import.meta.url), "utf8").trimEnd();
    const lines = rendered(fixture());
    // The fixture holds what the dialects differ on: a transfer, a nested task, chores.
    expect(lines.filter((line) => line.startsWith("str ")).length).toBe(1);
    expect(lines.filter((line) => line.includes('"tasklane_max_assigned":60')).length).toBe(1);
    expect(lines).toEqual(golden.split("\n"));
  });
});
