import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { resolveCredentials, startBanner } from "../../src/config/credentials.ts";
import { MemoryStore } from "../../src/store/memory/memory-store.ts";

describe("configuration", () => {
  it("has defaults for a fresh clone", () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: "127.0.0.1",
      database: { kind: "sqlite", path: "./data/tasklane.db" },
      accountSid: null,
      authToken: null,
      publicUrl: "http://127.0.0.1:3000",
      taskRetentionSeconds: 300,
      clock: { mode: "system" },
      http: {
        requestTimeoutMs: 30_000,
        headersTimeoutMs: 15_000,
        keepAliveTimeoutMs: 10_000,
        maxConnections: 10_000,
        maxEventStreamsPerWorkspace: 200,
      },
      logLevel: "info",
      cluster: null,
    });
  });

  it("accepts postgres:// and postgresql:// URLs, with an optional schema", () => {
    expect(
      loadConfig({ DATABASE_URL: "postgres://u:p@db.example:6543/tasklane?schema=tl&sslmode=require" })
        .database,
    ).toEqual({
      kind: "postgres",
      connectionString: "postgres://u:p@db.example:6543/tasklane?sslmode=require",
      schema: "tl",
      host: "db.example",
      port: 6543,
    });
    expect(loadConfig({ DATABASE_URL: "postgresql://db/tasklane" }).database).toMatchObject({
      kind: "postgres",
      schema: null,
      port: 5432,
    });
  });

  it("reads the clock setting", () => {
    expect(loadConfig({ TASKLANE_CLOCK: "simulated" }).clock).toEqual({ mode: "simulated", start: null });
    expect(
      loadConfig({ TASKLANE_CLOCK: "simulated", TASKLANE_CLOCK_START: "2026-01-01T00:00:00Z" }).clock,
    ).toEqual({ mode: "simulated", start: Date.UTC(2026, 0, 1) });
    expect(() => loadConfig({ TASKLANE_CLOCK: "fast" })).toThrow(
      /TASKLANE_CLOCK: expected system or simulated/,
    );
    expect(() => loadConfig({ TASKLANE_CLOCK: "simulated", TASKLANE_CLOCK_START: "soon" })).toThrow(
      /TASKLANE_CLOCK_START: expected an ISO 8601/,
    );
    expect(() => loadConfig({ TASKLANE_CLOCK_START: "2026-01-01T00:00:00Z" })).toThrow(
      /needs TASKLANE_CLOCK=simulated/,
    );
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "memory:",
      TASKLANE_ACCOUNT_SID: `AC${"a".repeat(32)}`,
      TASKLANE_AUTH_TOKEN: "t".repeat(32),
      TASKLANE_PUBLIC_URL: "https://tasklane.example.com/",
      TASKLANE_TASK_RETENTION_SECONDS: "60",
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      database: { kind: "memory" },
      publicUrl: "https://tasklane.example.com",
      taskRetentionSeconds: 60,
    });
  });

  it.each([
    [{ PORT: "http" }, /PORT: expected a whole number/],
    [{ PORT: "70000" }, /PORT: expected 0..65535/],
    [
      { DATABASE_URL: "postgres://db/tasklane?schema=a-b" },
      /DATABASE_URL: schema "a-b" is not a plain identifier/,
    ],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: unsupported value/],
    [{ DATABASE_URL: "sqlite:" }, /DATABASE_URL: sqlite: needs a file path/],
    [
      { TASKLANE_ACCOUNT_SID: "AC123", TASKLANE_AUTH_TOKEN: "t".repeat(32) },
      /TASKLANE_ACCOUNT_SID: expected AC/,
    ],
    [
      { TASKLANE_ACCOUNT_SID: `AC${"a".repeat(32)}`, TASKLANE_AUTH_TOKEN: "short" },
      /TASKLANE_AUTH_TOKEN: expected 32/,
    ],
    [{ TASKLANE_ACCOUNT_SID: `AC${"a".repeat(32)}` }, /TASKLANE_AUTH_TOKEN: set .* together/],
    [{ TASKLANE_PUBLIC_URL: "ftp://x" }, /TASKLANE_PUBLIC_URL: expected http/],
    [{ TASKLANE_PUBLIC_URL: "nope" }, /TASKLANE_PUBLIC_URL: not an absolute URL/],
    [{ TASKLANE_TASK_RETENTION_SECONDS: "-1" }, /TASKLANE_TASK_RETENTION_SECONDS/],
  ])("refuses %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("generates credentials once, stores them, and reuses them", async () => {
    const store = new MemoryStore();
    const first = await resolveCredentials(loadConfig({}), store);
    expect(first.source).toBe("generated");
    expect(first.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(first.authToken).toHaveLength(32);
    const second = await resolveCredentials(loadConfig({}), store);
    expect(second).toEqual({ ...first, source: "stored" });
    const banner = startBanner(second, "http://127.0.0.1:3000");
    expect(banner).toContain(`TASKLANE_ACCOUNT_SID=${first.accountSid}`);
    expect(banner).toContain("export TASKLANE_URL=http://127.0.0.1:3000");
    expect(banner).toContain("node --require tasklane/register app.js");
  });

  it("prefers credentials from the environment", async () => {
    const env = { TASKLANE_ACCOUNT_SID: `AC${"b".repeat(32)}`, TASKLANE_AUTH_TOKEN: "k".repeat(32) };
    const creds = await resolveCredentials(loadConfig(env), new MemoryStore());
    expect(creds).toEqual({
      accountSid: env.TASKLANE_ACCOUNT_SID,
      authToken: env.TASKLANE_AUTH_TOKEN,
      source: "environment",
    });
  });
});
