/**
 * Rendezvous placement (src/cluster/placement.ts): deterministic, spread, a newcomer takes only what
 * it gets (nothing moves between the others), limits and pins.
 */
import { describe, expect, it } from "vitest";
import { type PlacementNode, place } from "../../src/cluster/placement.ts";

const node = (id: number, maxWorkspaces: number | null = null): PlacementNode => ({
  id,
  address: `http://10.0.0.${id}:3000`,
  maxWorkspaces,
});
const workspaces = Array.from({ length: 600 }, (_, i) => ({
  sid: `WS${i.toString(16).padStart(32, "0")}`,
  pinnedTo: null,
}));
const counts = (plan: Map<string, number>) => {
  const out = new Map<number, number>();
  for (const id of plan.values()) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
};

describe("rendezvous placement", () => {
  it("gives the same plan whatever the order of the input", () => {
    const nodes = [node(1), node(2), node(3)];
    expect(place(workspaces, nodes)).toEqual(place([...workspaces].reverse(), [...nodes].reverse()));
  });

  it("spreads workspaces about evenly", () => {
    const spread = counts(place(workspaces, [node(1), node(2), node(3)]));
    for (const id of [1, 2, 3]) {
      expect(spread.get(id)).toBeGreaterThan(150);
      expect(spread.get(id)).toBeLessThan(250);
    }
  });

  it("moves to a newcomer only its share, and nothing between the others", () => {
    const before = place(workspaces, [node(1), node(2), node(3)]);
    const after = place(workspaces, [node(1), node(2), node(3), node(4)]);
    const moved = workspaces.filter((ws) => before.get(ws.sid) !== after.get(ws.sid));
    expect(moved.every((ws) => after.get(ws.sid) === 4)).toBe(true);
    expect(moved.length).toBeGreaterThan(100);
    expect(moved.length).toBeLessThan(200);
  });

  it("gives a leaving node's workspaces to the others and moves nothing else", () => {
    const before = place(workspaces, [node(1), node(2), node(3)]);
    const after = place(workspaces, [node(1), node(3)]);
    const moved = workspaces.filter((ws) => before.get(ws.sid) !== after.get(ws.sid));
    expect(moved.every((ws) => before.get(ws.sid) === 2)).toBe(true);
  });

  it("keeps each node within its limit, and places over the limit on the least loaded when all are full", () => {
    const limited = counts(place(workspaces.slice(0, 9), [node(1, 3), node(2, 3), node(3, 3)]));
    expect([...limited.values()]).toEqual([3, 3, 3]);
    const full = counts(place(workspaces.slice(0, 8), [node(1, 3), node(2, 3)]));
    expect([...full.values()].sort()).toEqual([4, 4]);
  });

  it("puts a pinned workspace on its live node whatever the weights, and ignores a pin to a node not alive", () => {
    const sid = workspaces[0]?.sid ?? "";
    const pinned = [{ sid, pinnedTo: node(2).address }];
    expect(place(pinned, [node(1), node(2), node(3)]).get(sid)).toBe(2);
    expect(place(pinned, [node(1), node(3)]).get(sid)).not.toBe(2);
  });

  it("places nothing without a node", () => {
    expect(place(workspaces, []).size).toBe(0);
  });
});
