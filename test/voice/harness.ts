/** A Tasklane server, a webhook receiver and a small voice workspace for the voice tests. */
import { startTestServer, type TestServer } from "../support/server.ts";
import { type Receiver, startReceiver } from "./receiver.ts";

export interface VoiceWorld {
  t: TestServer;
  receiver: Receiver;
  workspaceSid: string;
  workflowSid: string;
  workerSid: string;
  available: string;
  offline: string;
  afterCall: string;
  /** POST /tasklane/v1/Calls (or any /tasklane path) with Basic auth. */
  tasklane(
    path: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startVoiceWorld(): Promise<VoiceWorld> {
  const t = await startTestServer({ database: "memory" });
  const receiver = await startReceiver(t.authToken);
  const tr = t.client.taskrouter.v1;
  const workspace = await tr.workspaces.create({ friendlyName: "voice" });
  const ws = tr.workspaces(workspace.sid);
  const activities = await ws.activities.list();
  const sidOf = (name: string) => activities.find((a) => a.friendlyName === name)?.sid ?? "";
  const afterCall = await ws.activities.create({ friendlyName: "AfterCall", available: false });
  const queue = await ws.taskQueues.create({ friendlyName: "support", targetWorkers: "1==1" });
  const workflow = await ws.workflows.create({
    friendlyName: "voice",
    assignmentCallbackUrl: receiver.url("/assignment"),
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
  });
  const worker = await ws.workers.create({
    friendlyName: "alice",
    attributes: JSON.stringify({ contact_uri: "client:alice" }),
    activitySid: sidOf("Offline"),
  });
  const auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
  return {
    t,
    receiver,
    workspaceSid: workspace.sid,
    workflowSid: workflow.sid,
    workerSid: worker.sid,
    available: sidOf("Available"),
    offline: sidOf("Offline"),
    afterCall: afterCall.sid,
    async tasklane(path, form) {
      const response = await fetch(`${t.baseUrl}${path}`, {
        method: form ? "POST" : "GET",
        headers: {
          Authorization: auth,
          ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
        },
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async close() {
      await t.close();
      await receiver.close();
    },
  };
}
