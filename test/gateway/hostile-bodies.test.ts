/**
 * Issue 10 item 12: POST /v1/wschannels read any body deeply before the token: a 1 MB nested
 * `params` answered 500 with a stack overflow in the log. Now the body is capped
 * (TASKLANE_GATEWAY_BODY_LIMIT_BYTES), its nesting bounded (MAX_BODY_DEPTH), the token checked
 * before url/method/params are interpreted, and every refusal is a Twilio-shaped 4xx.
 */
import { request } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_BODY_DEPTH, nestingDepth } from "../../src/gateway/http/request-body.ts";
import { type Fixture, startFixture } from "./harness.ts";

interface Answer {
  status: number;
  body: { code?: number; message?: string; more_info?: string; status?: number; payload?: unknown };
}

describe("hostile bodies on the worker gateway", () => {
  let f: Fixture;
  let worker: string;
  const errors = vi.spyOn(console, "error");

  async function post(body: string): Promise<Answer> {
    const response = await fetch(f.ebServer, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    return { status: response.status, body: (await response.json()) as Answer["body"] };
  }
  const envelope = (params: string, token: string, url = `Workspaces/${f.workspaceSid}/Workers/${worker}`) =>
    `{"url":${JSON.stringify(url)},"method":"POST","params":${params},"token":${JSON.stringify(token)}}`;
  const twilioShaped = (answer: Answer, status: number) => {
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ status, code: expect.any(Number), message: expect.any(String) });
    expect(answer.body.more_info).toContain("twilio.com");
  };

  beforeAll(async () => {
    f = await startFixture();
    worker = await f.createWorker("mallory");
  });
  afterEach(() => {
    expect(errors).not.toHaveBeenCalled();
    errors.mockClear();
  });
  afterAll(async () => {
    errors.mockRestore();
    await f.close();
  });

  it("refuses a 1 MB nested params with 413, without a stack overflow", async () => {
    const half = 500_000;
    const nested = `{"Attributes":${"[".repeat(half)}${"]".repeat(half)}}`;
    for (const token of [f.token(worker), "not-a-token"]) {
      const answer = await post(envelope(nested, token));
      twilioShaped(answer, 413);
      expect(answer.body.code).toBe(20413);
    }
  });

  it("refuses nesting deeper than the bound with 400, even under the size limit", async () => {
    const deep = `{"Attributes":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`;
    const answer = await post(envelope(deep, f.token(worker)));
    twilioShaped(answer, 400);
    expect(answer.body.message).toContain(`nested more than ${MAX_BODY_DEPTH} levels`);
    // Just inside the bound still works (attributes 30 levels deep).
    const ok = `{"Attributes":${'{"a":'.repeat(MAX_BODY_DEPTH - 2)}1${"}".repeat(MAX_BODY_DEPTH - 2)}}`;
    expect((await post(envelope(ok, f.token(worker)))).status).toBe(200);
  });

  it("checks the token before the rest of the body", async () => {
    const garbage = `{"url":{"not":"a path"},"method":"DELETE","params":{"Attributes":[1,2]},"token":"forged"}`;
    const answer = await post(garbage);
    twilioShaped(answer, 401);
    expect(answer.body.code).toBe(20101);
    // With a good token the same body gets the parameter's error.
    const checked = await post(garbage.replace('"forged"', JSON.stringify(f.token(worker))));
    twilioShaped(checked, 400);
    expect(checked.body.message).toContain("url");
  });

  it("answers 400, not 500, to a malformed escape in the url", async () => {
    const answer = await post(
      envelope("{}", f.token(worker), `Workspaces/${f.workspaceSid}/Workers/%E0%A4%A`),
    );
    twilioShaped(answer, 400);
    expect(answer.body.message).toContain("url");
  });

  it("stops reading a chunked body once it passes the limit", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        f.ebServer,
        { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      // Chunked (no Content-Length): 100 KiB in 1 KiB pieces.
      for (let i = 0; i < 100; i++) req.write("x".repeat(1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it("measures nesting in one pass, ignoring brackets inside strings", () => {
    expect(nestingDepth('{"a":"[[[[{{{{\\"[[["}', 10)).toBe(1);
    expect(nestingDepth("[[[]]]", 10)).toBe(3);
    expect(nestingDepth("[".repeat(1_000_000), 32)).toBe(33);
  });
});
