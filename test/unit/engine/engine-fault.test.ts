/**
 * A command that makes the engine fail with something other than a refusal is reported as an
 * EngineFault that says whether anything had changed (the host skips the rebuild when not).
 */
import { describe, expect, it } from "vitest";
import { EngineFault } from "../../../src/domain/errors.ts";
import type { Command } from "../../../src/engine/commands.ts";
import { Harness } from "./harness.ts";

describe("EngineFault", () => {
  it("reports a bug that struck before any change as stateChanged=false, and changes nothing", () => {
    const h = new Harness();
    const before = structuredClone(h.engine.snapshot());
    // A value of the wrong type, as a caller bypassing the wire decoders could send.
    const broken = { type: "workspace.update", friendlyName: 5 } as unknown as Command;
    let thrown: unknown;
    try {
      h.exec(broken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EngineFault);
    expect(thrown).toMatchObject({ stateChanged: false });
    expect(h.engine.snapshot()).toEqual(before);
  });
});
