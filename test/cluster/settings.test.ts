/** The cluster settings block (src/config/cluster-settings.ts), read with the rest of the configuration. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";

const PG = "postgres://db.internal:5432/tasklane";

describe("cluster settings", () => {
  it("are off unless TASKLANE_CLUSTER=1", () => {
    expect(loadConfig({ DATABASE_URL: PG }).cluster).toBeNull();
    expect(loadConfig({ DATABASE_URL: PG, TASKLANE_CLUSTER: "0" }).cluster).toBeNull();
  });

  it("take their defaults and the node's own values", () => {
    expect(loadConfig({ DATABASE_URL: PG, TASKLANE_CLUSTER: "1" }).cluster).toEqual({
      address: null,
      maxWorkspaces: null,
      heartbeatMs: 1000,
      forwardWaitMs: 10_000,
    });
    const env = {
      DATABASE_URL: PG,
      TASKLANE_CLUSTER: "1",
      TASKLANE_NODE_ADDRESS: "http://10.0.0.5:3000/",
      TASKLANE_CLUSTER_MAX_WORKSPACES: "40",
      TASKLANE_CLUSTER_HEARTBEAT_MS: "500",
      TASKLANE_CLUSTER_FORWARD_WAIT_MS: "3000",
    };
    expect(loadConfig(env).cluster).toEqual({
      address: "http://10.0.0.5:3000",
      maxWorkspaces: 40,
      heartbeatMs: 500,
      forwardWaitMs: 3000,
    });
  });

  it("name the variable that is wrong", () => {
    expect(() => loadConfig({ TASKLANE_CLUSTER: "1" })).toThrow(
      "TASKLANE_CLUSTER: cluster mode needs PostgreSQL: set DATABASE_URL=postgres://… (the nodes coordinate through it)",
    );
    expect(() => loadConfig({ DATABASE_URL: PG, TASKLANE_CLUSTER: "yes" })).toThrow(
      'TASKLANE_CLUSTER: expected 0 or 1, got "yes"',
    );
    expect(() =>
      loadConfig({ DATABASE_URL: PG, TASKLANE_CLUSTER: "1", TASKLANE_NODE_ADDRESS: "10.0.0.5" }),
    ).toThrow(/^TASKLANE_NODE_ADDRESS: expected the node's own base URL/);
    expect(() =>
      loadConfig({ DATABASE_URL: PG, TASKLANE_CLUSTER: "1", TASKLANE_CLUSTER_HEARTBEAT_MS: "5" }),
    ).toThrow("TASKLANE_CLUSTER_HEARTBEAT_MS: expected 100..10000, got 5");
  });
});
