/**
 * Shared setup for the resource tests: a real server (in-memory store, simulated clock) driven by
 * the official twilio SDK, one fresh workspace per call, and a raw-HTTP helper for wire details
 * the SDK hides (status codes, headers, exact JSON).
 */
import { SimulatedClock } from "../../../src/domain/clock.ts";
import { startTestServer, type TestServer } from "../../support/server.ts";

export type Workspace = ReturnType<TestServer["client"]["taskrouter"]["v1"]["workspaces"]>;

export async function startServer(): Promise<TestServer> {
  return startTestServer({ database: "memory", clock: new SimulatedClock() });
}

export async function newWorkspace(
  t: TestServer,
  friendlyName = "ws",
): Promise<{ sid: string; ws: Workspace }> {
  const created = await t.client.taskrouter.v1.workspaces.create({ friendlyName });
  return { sid: created.sid, ws: t.client.taskrouter.v1.workspaces(created.sid) };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/** One HTTP request with the account's credentials; `form` is sent url-encoded. */
export async function raw(
  t: TestServer,
  method: string,
  path: string,
  options: { form?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const auth = Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64");
  const response = await fetch(`${t.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Basic ${auth}`,
      ...(options.form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      ...options.headers,
    },
    ...(options.form === undefined ? {} : { body: options.form }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === "" ? {} : JSON.parse(text) };
}

/** Runs `call` and returns the error it rejects with (fails the test if it resolves). */
export async function rejection(call: () => Promise<unknown>): Promise<{
  status: number;
  code: number;
  message: string;
  moreInfo: string;
}> {
  try {
    await call();
  } catch (error) {
    return error as { status: number; code: number; message: string; moreInfo: string };
  }
  throw new Error("expected the call to fail");
}
