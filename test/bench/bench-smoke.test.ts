/** Smoke test of the benchmark code path: the engine suite in a tiny mode yields a finite positive figure. */
import { describe, expect, it } from "vitest";
import { run } from "../../bench/suites/engine.ts";

describe("engine benchmark (tiny)", () => {
  it("produces a finite positive decision rate and agrees with the brute-force reference", async () => {
    process.env.TASKLANE_BENCH_TINY = "1";
    try {
      const [result] = await run({ quick: true });
      expect(result?.unit).toBe("decisions/s");
      expect(Number.isFinite(result?.value)).toBe(true);
      expect(result?.value).toBeGreaterThan(0);
      expect(result?.reference?.value).toBeGreaterThan(0);
      expect(result?.notes).toContain("0 disagreements");
    } finally {
      delete process.env.TASKLANE_BENCH_TINY;
    }
  }, 60_000);
});
