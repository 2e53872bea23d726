// Contexts (plain, target, skipIf), the time-of-day variables, and what each context reads.
import { describe, expect, it } from "vitest";
import { compileExpression, ExpressionError } from "../../../src/expression/index.ts";

describe("target context", () => {
  const root = {
    task: { lang: "en", langs: ["en", "fr"] },
    worker: { lang: "en", skills: ["en"], level: 3 },
  };

  it.each([
    ["task.lang == worker.lang", true],
    ["worker.level >= 3 AND task.lang == 'en'", true],
    ['"skills" HAS "en"', true], // unprefixed quoted key reads the worker
    ['"worker.skills" HAS "en"', true],
    ['"task.langs" HAS "fr"', true],
    ['"lang" == "en"', true],
    ['"nothing" == "nothing"', true], // not a worker attribute: the string itself
    ["worker.skills IN task.langs", true],
    ["task.langs HAS worker.skills", true],
  ] as const)("%s → %s", (source, expected) => {
    expect(compileExpression(source, { context: "target" }).matches(root)).toBe(expected);
  });

  it.each(["skills HAS 'en'", "level > 1 AND worker.level > 1", "task == null", "workers.available > 0"])(
    "rejects the unprefixed key in %s",
    (source) => {
      const error = (() => {
        try {
          compileExpression(source, { context: "target", where: "expression of target 1" });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).message).toMatch(
        /^Unprefixed key '.*' at column 1 of expression of target 1: expected a key starting with task\., worker\. or taskrouter\./,
      );
    },
  );

  it("accepts constant-only expressions", () => {
    expect(compileExpression("1==1", { context: "target" }).alwaysTrue).toBe(true);
    expect(compileExpression("'a' IN ['a']", { context: "target" }).alwaysTrue).toBe(true);
  });
});

describe("skipIf context", () => {
  const root = { workers: { available: 0, unavailable: 4, WA0123456789abcdef0123456789abcdef: 2 } };

  it.each([
    ["workers.available == 0", true],
    ["workers.unavailable > 3", true],
    ["workers.WA0123456789abcdef0123456789abcdef == 2", true],
    ["workers.WAffffffffffffffffffffffffffffffff == null", true],
    ["workers.available == 0 AND workers.unavailable == 0", false],
  ] as const)("%s → %s", (source, expected) => {
    expect(compileExpression(source, { context: "skipIf" }).matches(root)).toBe(expected);
  });

  it.each([
    "workers.busy == 0",
    "available == 0",
    "workers == null",
    "workers.available.x == 0",
    "task.x == 1",
  ])("rejects %s", (source) => {
    expect(() => compileExpression(source, { context: "skipIf", where: "skip_if" })).toThrow(
      /^Unknown variable '.*' at column 1 of skip_if: expected workers\.available, workers\.unavailable/,
    );
  });
});

describe("plain context", () => {
  it("reads any key, including ones named task or workers", () => {
    const e = compileExpression("task.x == 1 AND workers.available == 2");
    expect(e.matches({ task: { x: 1 }, workers: { available: 2 } })).toBe(true);
  });
});

describe("time of day (UTC from env.now)", () => {
  const at = (iso: string) => ({ now: Date.parse(iso) });
  const isNull = (variable: string, env?: { now?: number }) =>
    compileExpression(`taskrouter.${variable} == null`).matches({}, env);

  it.each([
    ["2024-01-06T00:00:00Z", 0, "00", "00", "Sat"],
    ["2024-01-07T23:59:59.999Z", 2359, "23", "59", "Sun"],
    ["2024-01-08T09:05:00Z", 905, "09", "05", "Mon"],
    ["2024-01-09T12:30:00Z", 1230, "12", "30", "Tue"],
    ["2024-01-10T17:00:00Z", 1700, "17", "00", "Wed"],
    ["2024-01-11T08:00:00Z", 800, "08", "00", "Thu"],
    ["2024-01-12T13:45:00Z", 1345, "13", "45", "Fri"],
    ["1969-12-31T23:30:00Z", 2330, "23", "30", "Wed"], // before the epoch
  ] as const)("%s → %s %s:%s %s", (iso, time, hour, min, day) => {
    const env = at(iso);
    const check = (source: string) => compileExpression(source).matches({}, env);
    expect(check(`taskrouter.currentTime == ${time}`)).toBe(true);
    expect(check(`taskrouter.currentHour == '${hour}'`)).toBe(true);
    expect(check(`taskrouter.currentMin == '${min}'`)).toBe(true);
    expect(check(`taskrouter.dayOfWeek == '${day}'`)).toBe(true);
    expect(check(`taskrouter.currentHour == ${Number(hour)}`)).toBe(true);
  });

  it.each(["currentTime", "currentHour", "currentMin", "dayOfWeek"])(
    "%s is NULL without env.now",
    (variable) => {
      expect(isNull(variable)).toBe(true);
      expect(isNull(variable, {})).toBe(true);
      expect(isNull(variable, { now: Number.NaN })).toBe(true);
      expect(isNull(variable, { now: 0 })).toBe(false);
    },
  );

  it("is available in every context and flagged as time-dependent", () => {
    for (const context of ["plain", "target", "skipIf"] as const) {
      const e = compileExpression("taskrouter.currentHour >= 9", { context });
      expect(e.usesTime).toBe(true);
      expect(e.paths).toEqual([["taskrouter", "currentHour"]]);
      expect(e.matches({}, at("2024-01-06T10:00:00Z"))).toBe(true);
    }
    expect(compileExpression("a == 1").usesTime).toBe(false);
  });

  it("rejects unknown taskrouter variables in every context", () => {
    for (const context of ["plain", "target", "skipIf"] as const) {
      expect(() => compileExpression("taskrouter.currentDay == 1", { context })).toThrow(
        /^Unknown variable 'taskrouter\.currentDay' at column 1 of expression: expected one of taskrouter\.currentTime/,
      );
    }
    expect(() => compileExpression("taskrouter == 1")).toThrow(ExpressionError);
  });
});
