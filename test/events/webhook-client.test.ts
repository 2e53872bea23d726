/**
 * Issue 10 items 5 and 6 (and issue 11 item 1) against real receivers on 127.0.0.1: answers are read
 * up to a bound and the connection is cut past it; the callback-target policy refuses non-public
 * addresses after DNS resolution; reasons never quote the answer; connections are pooled.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOW_ALL, loadTargetPolicy, type TargetPolicy } from "../../src/events/delivery/target-policy.ts";
import { WebhookClient } from "../../src/events/delivery/webhook-client.ts";

interface Seen {
  closedEarly: boolean;
  written: number;
  remotePort: number;
}

/** A receiver whose answer the test writes; records whether the client hung up mid-answer. */
async function receiver(answer: (res: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const s: Seen = { closedEarly: false, written: 0, remotePort: req.socket.remotePort ?? 0 };
      seen.push(s);
      res.on("close", () => {
        if (!res.writableFinished) s.closedEarly = true;
      });
      answer(res, s);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes 64 KiB chunks for as long as the client reads (never ends on its own). */
function endless(res: ServerResponse, seen: Seen) {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed && seen.written < 300 * 1024 * 1024) {
      seen.written += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
  };
  pump();
}

function client(policy: TargetPolicy = ALLOW_ALL, maxResponseBytes = 64 * 1024) {
  return new WebhookClient({ authToken: "0".repeat(32), policy, maxResponseBytes, maxSocketsPerOrigin: 4 });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 300 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
};

describe("Webhook client: answer size", () => {
  const c = client();
  afterAll(() => c.stop());

  it("stops reading an endless answer past the bound and cuts the connection", async () => {
    const r = await receiver(endless);
    try {
      const result = await c.post(r.url, { A: "1" }, { timeoutMs: 5_000, readBody: true });
      expect(result).toEqual({
        ok: false,
        status: 200,
        reason: `answer from ${r.url} is longer than 65536 bytes`,
      });
      await until(() => r.seen[0]?.closedEarly === true);
      expect(r.seen[0]?.closedEarly).toBe(true);
      expect(r.seen[0]?.written).toBeLessThan(300 * 1024 * 1024);
    } finally {
      await r.close();
    }
  });

  it("refuses an announced Content-Length over the bound without reading it", async () => {
    const r = await receiver((res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(300 * 1024 * 1024) });
      res.write("{");
    });
    try {
      const result = await c.post(r.url, {}, { timeoutMs: 5_000, readBody: true });
      expect(result.ok).toBe(false);
      expect(result.ok === false && result.reason).toMatch(/longer than 65536 bytes/);
    } finally {
      await r.close();
    }
  });

  it("takes the status of an event callback whose 2xx answer is too long, without buffering it", async () => {
    const r = await receiver(endless);
    try {
      const result = await c.post(r.url, {}, { timeoutMs: 5_000, readBody: false });
      expect(result).toMatchObject({ ok: true, status: 200, body: "" });
    } finally {
      await r.close();
    }
  });

  it("cuts off an answer that trickles past the deadline, with one reason", async () => {
    const r = await receiver((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    });
    try {
      const result = await c.post(r.url, {}, { timeoutMs: 200, readBody: true });
      expect(result).toEqual({ ok: false, reason: `no answer from ${r.url} within 200 ms` });
    } finally {
      await r.close();
    }
  });

  it("never quotes the answer in a failure reason", async () => {
    const r = await receiver((res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("SECRET-INTERNAL-DETAIL");
    });
    try {
      const result = await c.post(r.url, {}, { timeoutMs: 1_000, readBody: true });
      expect(result).toEqual({ ok: false, status: 500, reason: `HTTP 500 from ${r.url}` });
      // Basic auth in the URL reaches the receiver; its password never appears in a reason.
      const withAuth = r.url.replace("http://", "http://user:s3cret@");
      const masked = await c.post(withAuth, {}, { timeoutMs: 1_000, readBody: true });
      expect(masked.ok === false && masked.reason).toBe(
        `HTTP 500 from ${r.url.replace("http://", "http://user:***@")}`,
      );
    } finally {
      await r.close();
    }
  });

  it("reuses pooled keep-alive connections", async () => {
    const r = await receiver((res) => {
      res.writeHead(204);
      res.end();
    });
    try {
      // Posts spaced out: every one goes over the one pooled connection.
      for (let i = 0; i < 5; i += 1) {
        await c.post(r.url, {}, { timeoutMs: 1_000, readBody: false });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(new Set(r.seen.map((s) => s.remotePort)).size).toBe(1);
      // Back to back: undici checks that a connection which just went idle was not closed by the
      // receiver before reusing it (one tick), so the next post may take a second one; never more.
      for (let i = 0; i < 20; i += 1) await c.post(r.url, {}, { timeoutMs: 1_000, readBody: false });
      expect(new Set(r.seen.map((s) => s.remotePort)).size).toBeLessThanOrEqual(2);
    } finally {
      await r.close();
    }
  });
});

describe("Webhook client: request", () => {
  const c = client();
  afterAll(() => c.stop());

  it("sends the form, the signature and Basic auth from the URL", async () => {
    const seen: { auth?: string; signature?: string; type?: string; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        seen.push({
          ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
          ...(typeof req.headers["x-twilio-signature"] === "string"
            ? { signature: req.headers["x-twilio-signature"] }
            : {}),
          ...(req.headers["content-type"] ? { type: req.headers["content-type"] } : {}),
          body,
        });
        res.writeHead(200, { "content-type": "application/json" }).end('{"instruction":"accept"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const url = `http://us%40er:p%3Ass@127.0.0.1:${port}/hook?x=1`;
      const result = await c.post(url, { TaskSid: "WT1", A: "b c" }, { timeoutMs: 1_000, readBody: true });
      expect(result).toEqual({
        ok: true,
        status: 200,
        contentType: "application/json",
        body: '{"instruction":"accept"}',
      });
      expect(seen[0]).toMatchObject({
        auth: `Basic ${Buffer.from("us@er:p:ss").toString("base64")}`,
        type: "application/x-www-form-urlencoded",
        body: "TaskSid=WT1&A=b+c",
      });
      expect(seen[0]?.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("Webhook client: connection cap (backpressure)", () => {
  const c = client();
  afterAll(() => c.stop());

  it("sends at most maxSocketsPerOrigin requests at once; the rest wait their turn", async () => {
    let open = 0;
    let most = 0;
    const held: ServerResponse[] = [];
    const r = await receiver((res) => {
      open += 1;
      most = Math.max(most, open);
      held.push(res);
    });
    try {
      const posts = Array.from({ length: 10 }, () =>
        c.post(r.url, {}, { timeoutMs: 5_000, readBody: false }),
      );
      await until(() => held.length === 4);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(held.length).toBe(4);
      // Answer whatever arrives until all ten were answered.
      const answerAll = setInterval(() => {
        for (const res of held.splice(0)) {
          open -= 1;
          res.writeHead(204).end();
        }
      }, 5);
      const results = await Promise.all(posts);
      clearInterval(answerAll);
      expect(results.every((result) => result.ok)).toBe(true);
      expect(r.seen.length).toBe(10);
      expect(most).toBeLessThanOrEqual(4);
      expect(new Set(r.seen.map((s) => s.remotePort)).size).toBeLessThanOrEqual(4);
    } finally {
      await r.close();
    }
  });

  it("a request still queued at its deadline fails and is never sent", async () => {
    const held: ServerResponse[] = [];
    const r = await receiver((res) => held.push(res));
    try {
      const busy = Array.from({ length: 4 }, () => c.post(r.url, {}, { timeoutMs: 2_000, readBody: false }));
      await until(() => held.length === 4);
      const late = await c.post(r.url, {}, { timeoutMs: 100, readBody: false });
      expect(late).toEqual({ ok: false, reason: `no answer from ${r.url} within 100 ms` });
      for (const res of held.splice(0)) res.writeHead(204).end();
      expect((await Promise.all(busy)).every((result) => result.ok)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(r.seen.length).toBe(4);
    } finally {
      await r.close();
    }
  });
});

describe("Webhook client: callback-target policy", () => {
  let r: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    r = await receiver((res) => {
      res.writeHead(204);
      res.end();
    });
  });
  afterAll(() => r.close());

  const post = async (policy: TargetPolicy, url: string) => {
    const c = client(policy);
    try {
      return await c.post(url, {}, { timeoutMs: 1_000, readBody: false });
    } finally {
      c.stop();
    }
  };

  it("public-only refuses loopback by address and by a name that resolves to it", async () => {
    const publicOnly = loadTargetPolicy({ TASKLANE_CALLBACK_TARGETS: "public-only" });
    expect(await post(publicOnly, r.url)).toEqual({
      ok: false,
      reason: `${r.url} blocked (loopback address refused by TASKLANE_CALLBACK_TARGETS=public-only)`,
    });
    const byName = `http://localhost:${r.port}/hook`;
    const result = await post(publicOnly, byName);
    expect(result.ok === false && result.reason).toMatch(/blocked \(loopback address refused/);
    expect(r.seen).toHaveLength(0);
    // allow-all (the default, as TaskRouter) reaches it.
    expect(await post(ALLOW_ALL, r.url)).toMatchObject({ ok: true, status: 204 });
  });

  it("TASKLANE_CALLBACK_ALLOW makes an exception; TASKLANE_CALLBACK_DENY wins in any mode", async () => {
    const allowed = loadTargetPolicy({
      TASKLANE_CALLBACK_TARGETS: "public-only",
      TASKLANE_CALLBACK_ALLOW: "127.0.0.0/8",
    });
    expect(await post(allowed, r.url)).toMatchObject({ ok: true });
    const denied = loadTargetPolicy({ TASKLANE_CALLBACK_DENY: "localhost, 127.0.0.1" });
    for (const url of [r.url, `http://localhost:${r.port}/hook`]) {
      const result = await post(denied, url);
      expect(result.ok === false && result.reason).toMatch(/denied by TASKLANE_CALLBACK_DENY/);
    }
  });

  it("refuses every non-public class and names a bad setting", async () => {
    const publicOnly = loadTargetPolicy({ TASKLANE_CALLBACK_TARGETS: "public-only" });
    const c = client(publicOnly);
    try {
      for (const [host, label] of [
        ["169.254.169.254", "link-local"],
        ["[fe80::1]", "link-local"],
        ["10.1.2.3", "private"],
        ["172.20.0.1", "private"],
        ["192.168.1.1", "private"],
        ["[fd00::5]", "private"],
        ["[::1]", "loopback"],
        ["[::ffff:127.0.0.1]", "loopback"],
        ["0.0.0.0", "unspecified"],
        ["2130706433", "loopback"], // 127.0.0.1 written as a number
      ] as const) {
        const result = await c.post(`http://${host}:5432/`, {}, { timeoutMs: 1_000, readBody: false });
        expect(result.ok === false && result.reason, host).toContain(`(${label} address refused`);
      }
      const scheme = await c.post("file:///etc/passwd", {}, { timeoutMs: 1_000, readBody: false });
      expect(scheme.ok === false && scheme.reason).toMatch(/only http and https/);
    } finally {
      c.stop();
    }
    expect(() => loadTargetPolicy({ TASKLANE_CALLBACK_TARGETS: "none" })).toThrow(
      /TASKLANE_CALLBACK_TARGETS/,
    );
    expect(() => loadTargetPolicy({ TASKLANE_CALLBACK_ALLOW: "10.0.0.0/99" })).toThrow(
      /TASKLANE_CALLBACK_ALLOW: "10.0.0.0\/99"/,
    );
    expect(() => loadTargetPolicy({ TASKLANE_CALLBACK_DENY: "http://x" })).toThrow(/TASKLANE_CALLBACK_DENY/);
  });
});
