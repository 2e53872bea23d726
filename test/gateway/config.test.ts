/** The gateway's settings: defaults and refusals that name the variable. */
import { describe, expect, it } from "vitest";
import { DEFAULT_GATEWAY_CONFIG, loadGatewayConfig } from "../../src/gateway/config.ts";

describe("loadGatewayConfig", () => {
  it("has bounded defaults", () => {
    expect(loadGatewayConfig({})).toMatchObject({
      bodyLimitBytes: 65_536,
      maxSocketsPerWorker: 10,
      handshakeTimeoutMs: 10_000,
    });
    expect(loadGatewayConfig({})).toEqual(DEFAULT_GATEWAY_CONFIG);
  });

  it("reads the limits", () => {
    const config = loadGatewayConfig({
      TASKLANE_GATEWAY_BODY_LIMIT_BYTES: "2048",
      TASKLANE_WS_MAX_SOCKETS_PER_WORKER: "3",
      TASKLANE_WS_HANDSHAKE_TIMEOUT_MS: "500",
    });
    expect(config).toMatchObject({ bodyLimitBytes: 2048, maxSocketsPerWorker: 3, handshakeTimeoutMs: 500 });
  });

  it.each([
    ["TASKLANE_GATEWAY_BODY_LIMIT_BYTES", "10"],
    ["TASKLANE_GATEWAY_BODY_LIMIT_BYTES", "64k"],
    ["TASKLANE_WS_MAX_SOCKETS_PER_WORKER", "0"],
    ["TASKLANE_WS_HANDSHAKE_TIMEOUT_MS", "120000"],
  ])("refuses %s=%s naming the variable", (name, value) => {
    expect(() => loadGatewayConfig({ [name]: value })).toThrow(name);
  });
});
