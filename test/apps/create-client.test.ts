/** tasklane/twilio: createClient() reads TASKLANE_URL and the credentials, and refuses without them. */

import { createClient } from "tasklane/twilio";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ database: "memory" });
});
afterAll(() => t.close());

it("talks to Tasklane with TASKLANE_ credentials, pagination URLs included", async () => {
  const client = createClient({
    env: { TASKLANE_URL: t.baseUrl, TASKLANE_ACCOUNT_SID: t.accountSid, TASKLANE_AUTH_TOKEN: t.authToken },
  });
  for (const name of ["a", "b", "c"]) await client.taskrouter.v1.workspaces.create({ friendlyName: name });
  // pageSize 1 follows three absolute next_page_url values (https://taskrouter.twilio.com/...).
  const all = await client.taskrouter.v1.workspaces.list({ pageSize: 1 });
  expect(all.map((w) => w.friendlyName).sort()).toEqual(["a", "b", "c"]);
});

it("falls back to TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN (a Functions .env)", async () => {
  const client = createClient({
    env: { TASKLANE_URL: t.baseUrl, TWILIO_ACCOUNT_SID: t.accountSid, TWILIO_AUTH_TOKEN: t.authToken },
  });
  expect((await client.taskrouter.v1.workspaces.list()).length).toBeGreaterThan(0);
});

it("throws a clear error without TASKLANE_URL or without credentials", () => {
  expect(() => createClient({ env: { TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "x" } })).toThrow(
    /tasklane\/twilio: TASKLANE_URL is not set/,
  );
  expect(() => createClient({ env: { TASKLANE_URL: t.baseUrl } })).toThrow(/no credentials/);
});
