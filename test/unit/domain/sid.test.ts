import { describe, expect, it } from "vitest";
import { isSid, randomSids } from "../../../src/domain/sid.ts";

describe("randomSids (random bytes drawn from a pool)", () => {
  it("gives well-formed, distinct SIDs across several pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const sid = randomSids.next("WT");
      expect(isSid(sid, "WT")).toBe(true);
      seen.add(sid);
    }
    expect(seen.size).toBe(1000);
  });
});
