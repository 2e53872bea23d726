import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/store/memory/memory-store.ts";
import type { CommitBatch, StoredEvent } from "../../src/store/port.ts";
import { encodeParams, parseParams } from "../../src/wire/form.ts";
import { paginate } from "../../src/wire/pagination.ts";
import { Params } from "../../src/wire/params.ts";
import { isoDate } from "../../src/wire/render.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("wire decoders", () => {
  it("parses repeated keys into lists and RFC 3986 escapes", () => {
    expect(parseParams("AssignmentStatus=pending&AssignmentStatus=reserved&Name=a%20b+c&E=")).toEqual({
      AssignmentStatus: ["pending", "reserved"],
      Name: "a b c",
      E: "",
    });
    expect(encodeParams({ A: "x y", B: ["1", "2"], C: undefined, D: "it's" })).toBe(
      "A=x%20y&B=1&B=2&D=it%27s",
    );
  });

  it("reads TaskRouter booleans: true, 1, yes are true, anything else false", () => {
    const p = new Params({ A: "true", B: "1", C: "YES", D: "no", E: "false", F: "2" });
    expect(["A", "B", "C", "D", "E", "F", "G"].map((n) => p.boolean(n))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      undefined,
    ]);
  });

  it("reads integers with ranges, dates, enums, SIDs and required values, naming the parameter", () => {
    const p = new Params({
      N: "5",
      Big: "1001",
      X: "1.5",
      D: "2026-01-31T09:00:00Z",
      Bad: "31/01/2026",
      S: "WA123",
      L: ["a", "b"],
    });
    expect(p.integer("N", { min: 0, max: 10 })).toBe(5);
    expect(() => p.integer("Big", { min: 0, max: 1000 })).toThrow(
      /Invalid parameter Big: must be between 0 and 1000/,
    );
    expect(() => p.integer("X", { min: 0, max: 10 })).toThrow(/X: expected an integer/);
    expect(p.date("D")).toBe(Date.UTC(2026, 0, 31, 9));
    expect(() => p.date("Bad")).toThrow(/Bad: expected an ISO 8601 date/);
    expect(() => p.enumOf("N", ["FIFO", "LIFO"])).toThrow(/N: expected one of FIFO, LIFO/);
    expect(() => p.sid("S", "WA")).toThrow(/S: expected a WA SID/);
    expect(() => p.required("Missing")).toThrow(/Missing required parameter Missing/);
    expect(p.list("L")).toEqual(["a", "b"]);
    expect(p.string("L")).toBe("b");
  });

  it("renders dates as ISO 8601 UTC with second precision and Z", () => {
    expect(isoDate(Date.UTC(2014, 4, 14, 10, 50, 2, 999))).toBe("2014-05-14T10:50:02Z");
    expect(isoDate(null)).toBeNull();
  });

  it("paginates with tokens and validates PageSize", () => {
    const items = ["a", "b", "c", "d", "e"];
    const page = (q: Record<string, string>) =>
      paginate({ key: "xs", url: "http://h/v1/X", query: new Params(q), items, sidOf: (s) => s });
    expect(page({}).meta.page_size).toBe(50);
    expect(page({ PageSize: "2", PageToken: "PAb", Page: "1", Q: "z" })).toMatchObject({
      items: ["c", "d"],
      meta: {
        url: "http://h/v1/X?Q=z&PageSize=2&Page=1&PageToken=PAb",
        next_page_url: "http://h/v1/X?Q=z&PageSize=2&Page=2&PageToken=PAd",
        previous_page_url: "http://h/v1/X?Q=z&PageSize=2&Page=0&PageToken=PBc",
      },
    });
    expect(page({ PageSize: "2", PageToken: "PBc", Page: "0" }).items).toEqual(["a", "b"]);
    expect(() => page({ PageSize: "1001" })).toThrow(expect.objectContaining({ code: 20007, status: 400 }));
    expect(() => page({ PageSize: "0" })).toThrow(/PageSize/);
    expect(() => page({ PageToken: "zz" })).toThrow(/PageToken/);
  });
});

describe("wire layer over HTTP", () => {
  let t: TestServer;
  let auth: string;
  beforeAll(async () => {
    t = await startTestServer({ database: "memory" });
    auth = `Basic ${Buffer.from(`${t.accountSid}:${t.authToken}`).toString("base64")}`;
  });
  afterAll(() => t.close());

  async function call(
    method: string,
    path: string,
    body?: string,
    contentType = "application/x-www-form-urlencoded",
  ) {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { authorization: auth, ...(body !== undefined ? { "content-type": contentType } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => null)) as Record<string, unknown> | null,
    };
  }

  it("renders unknown routes as 404 / 20404", async () => {
    const res = await call("GET", "/v1/Nope");
    expect(res).toMatchObject({
      status: 404,
      body: { code: 20404, status: 404, more_info: "https://www.twilio.com/docs/errors/20404" },
    });
  });

  it("renders a wrong method as 405 / 20004", async () => {
    expect(await call("PUT", "/v1/Workspaces")).toMatchObject({
      status: 405,
      body: { code: 20004, status: 405 },
    });
    expect(await call("PATCH", `/v1/Workspaces/WS${"0".repeat(32)}`)).toMatchObject({ status: 405 });
  });

  it("renders a body that is too large as 413 / 20413", async () => {
    const res = await call("POST", "/v1/Workspaces", `FriendlyName=${"x".repeat(1024 * 1024 + 10)}`);
    expect(res).toMatchObject({ status: 413, body: { code: 20413, status: 413 } });
  });

  it("refuses bodies that are not forms (JSON, XML) with 415 / 20415, as TaskRouter takes forms only", async () => {
    expect(await call("POST", "/v1/Workspaces", "{nope", "application/json")).toMatchObject({
      status: 415,
      body: { code: 20415, status: 415 },
    });
    expect(await call("POST", "/v1/Workspaces", "<x/>", "application/xml")).toMatchObject({
      status: 415,
      body: { code: 20415 },
    });
  });

  it("answers 404 for a workspace SID that is malformed or unknown", async () => {
    expect(await call("GET", "/v1/Workspaces/WSnope")).toMatchObject({ status: 404, body: { code: 20404 } });
  });

  it("gives the SDK RestException fields", async () => {
    const error = await t.client.taskrouter.v1.workspaces.list({ pageSize: 1001 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      code: 20007,
      message: "Page size too large: 1001. The maximum page size is 1000",
      moreInfo: "https://www.twilio.com/docs/errors/20007",
    });
  });

  it("parses repeated query keys and echoes them in the meta URLs", async () => {
    const res = await call("GET", "/v1/Workspaces?FriendlyName=a%20b&FriendlyName=c&PageSize=5");
    expect(res.status).toBe(200);
    const meta = res.body?.meta as Record<string, unknown>;
    expect(meta.url).toBe(`${t.baseUrl}/v1/Workspaces?FriendlyName=a%20b&FriendlyName=c&PageSize=5&Page=0`);
  });
});

describe("a failing database over HTTP", () => {
  class FlakyStore extends MemoryStore {
    fail = false;
    override async commit(batch: CommitBatch): Promise<StoredEvent[]> {
      if (this.fail) throw new Error("disk I/O error");
      return super.commit(batch);
    }
  }

  it("answers 500 / 20500 in Twilio's shape and keeps the last committed state", async () => {
    const store = new FlakyStore();
    const t = await startTestServer({ store });
    try {
      const ws = await t.client.taskrouter.v1.workspaces.create({ friendlyName: "stable" });
      store.fail = true;
      const error = await t.client.taskrouter.v1
        .workspaces(ws.sid)
        .update({ friendlyName: "lost" })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 500, code: 20500 });
      store.fail = false;
      expect((await t.client.taskrouter.v1.workspaces(ws.sid).fetch()).friendlyName).toBe("stable");
    } finally {
      await t.close();
    }
  });
});
