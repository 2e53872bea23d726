import { describe, expect, it } from "vitest";
import { Harness } from "./harness.ts";

describe("target expressions", () => {
  it("match task. and worker. attributes together, including worker fields and the seed's IN form", () => {
    const h = new Harness();
    const q = h.queue("Support", "1==1");
    const wf = h.workflow({
      task_routing: {
        filters: [
          {
            expression: "type == 'vip'",
            targets: [{ queue: q, expression: "task.requested_agent == worker.agent_id" }],
          },
          {
            expression: "type == 'skill'",
            targets: [{ queue: q, expression: '"skills" IN task.required_skills' }],
          },
          {
            expression: "type == 'named'",
            targets: [{ queue: q, expression: "worker.friendly_name == task.agent_name" }],
          },
        ],
      },
    });
    const ann = h.worker("ann", { agent_id: "a1", skills: ["billing"] });
    const bob = h.worker("bob", { agent_id: "b2", skills: ["french", "support"] });

    // worker.agent_id must equal the task's requested agent: bob, although ann is longer idle.
    const t1 = h.task({ type: "vip", requested_agent: "b2" }, { workflowSid: wf });
    expect(h.reservedWorker(t1)).toBe(bob);

    // ann has one of the required skills; bob (busy on t1, capacity 1 on default) has none of them.
    const t2 = h.task({ type: "skill", required_skills: ["billing", "legal"] }, { workflowSid: wf });
    expect(h.reservedWorker(t2)).toBe(ann);

    // Nobody named "carl": the task waits in the queue, pending.
    const t3 = h.task({ type: "named", agent_name: "carl" }, { workflowSid: wf });
    expect(h.pending(t3)).toHaveLength(0);
    expect(h.view.task(t3)?.assignmentStatus).toBe("pending");
    expect(h.view.task(t3)?.taskQueueSid).toBe(q);
  });

  it("rejects an unprefixed key in a target expression when the workflow is saved", () => {
    const h = new Harness();
    const q = h.queue("Q");
    expect(() =>
      h.workflow({
        task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q, expression: "level > 2" }] }] },
      }),
    ).toThrow(/task\.|worker\./);
  });
});
