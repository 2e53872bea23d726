/** Access-token verification rules, without a server. */
import { describe, expect, it } from "vitest";
import { mintAccessToken, verifyAccessToken } from "../../src/gateway/tokens/access-token.ts";
import { signJwt } from "../../src/gateway/tokens/jwt.ts";
import type { ApiKeyRecord } from "../../src/store/port.ts";

const AC = `AC${"a".repeat(32)}`;
const WS = `WS${"b".repeat(32)}`;
const WK = `WK${"c".repeat(32)}`;
const KEY: ApiKeyRecord = {
  sid: `SK${"d".repeat(32)}`,
  accountSid: AC,
  friendlyName: "k",
  secret: "s".repeat(32),
  dateCreated: 0,
  dateUpdated: 0,
};
const NOW = Date.UTC(2026, 0, 1);
const deps = { accountSid: AC, now: NOW, apiKey: async (sid: string) => (sid === KEY.sid ? KEY : null) };

function payload(extra: Record<string, unknown> = {}) {
  return {
    iss: KEY.sid,
    sub: AC,
    exp: NOW / 1000 + 60,
    grants: { task_router: { workspace_sid: WS, worker_sid: WK, role: "worker" } },
    ...extra,
  } as never;
}

describe("verifyAccessToken", () => {
  it("accepts what mintAccessToken makes and reports the grant", async () => {
    const { token, expiresAt } = mintAccessToken({
      key: KEY,
      workspaceSid: WS,
      workerSid: WK,
      ttlSeconds: 60,
      now: NOW,
    });
    const grant = await verifyAccessToken(token, deps);
    expect(grant).toMatchObject({
      accountSid: AC,
      workspaceSid: WS,
      workerSid: WK,
      keySid: KEY.sid,
      expiresAt,
    });
  });

  it("accepts the longest lifetime Twilio allows (ttl 86400)", async () => {
    const { token } = mintAccessToken({
      key: KEY,
      workspaceSid: WS,
      workerSid: WK,
      ttlSeconds: 86_400,
      now: NOW,
    });
    await expect(verifyAccessToken(token, deps)).resolves.toMatchObject({ workerSid: WK });
  });

  it.each([
    ["garbage", "not-a-jwt", 20101],
    ["alg none", `${signJwt({ alg: "none" }, payload(), KEY.secret)}`, 20102],
    ["a foreign cty", signJwt({ alg: "HS256", cty: "other" }, payload(), KEY.secret), 20102],
    ["an unknown key", signJwt({ alg: "HS256" }, payload({ iss: `SK${"e".repeat(32)}` }), KEY.secret), 20103],
    ["another secret", signJwt({ alg: "HS256" }, payload(), "x".repeat(32)), 20107],
    [
      "another account",
      signJwt({ alg: "HS256" }, payload({ sub: `AC${"f".repeat(32)}` }), KEY.secret),
      20103,
    ],
    ["an expired exp", signJwt({ alg: "HS256" }, payload({ exp: NOW / 1000 }), KEY.secret), 20104],
    ["no exp", signJwt({ alg: "HS256" }, payload({ exp: "soon" }), KEY.secret), 20104],
    ["a future nbf", signJwt({ alg: "HS256" }, payload({ nbf: NOW / 1000 + 3600 }), KEY.secret), 20105],
    // Twilio caps access tokens at 24 hours (20157): exp=1e12 was accepted before.
    ["exp in the year 33658", signJwt({ alg: "HS256" }, payload({ exp: 1e12 }), KEY.secret), 20157],
    [
      "exp - iat over 24 h",
      signJwt({ alg: "HS256" }, payload({ iat: NOW / 1000 - 3600, exp: NOW / 1000 + 86_000 }), KEY.secret),
      20157,
    ],
    [
      "exp over 24 h from now without iat",
      signJwt({ alg: "HS256" }, payload({ exp: NOW / 1000 + 86_400 + 120 }), KEY.secret),
      20157,
    ],
    ["a non-numeric iat", signJwt({ alg: "HS256" }, payload({ iat: "now" }), KEY.secret), 20101],
    ["no grant", signJwt({ alg: "HS256" }, payload({ grants: {} }), KEY.secret), 20106],
    [
      "an admin role (worker and supervisor are the roles the SDK knows)",
      signJwt(
        { alg: "HS256" },
        payload({ grants: { task_router: { workspace_sid: WS, worker_sid: WK, role: "admin" } } }),
        KEY.secret,
      ),
      20106,
    ],
  ])("refuses %s", async (_name, token, code) => {
    await expect(verifyAccessToken(token, deps)).rejects.toMatchObject({ status: 401, code });
  });
});
