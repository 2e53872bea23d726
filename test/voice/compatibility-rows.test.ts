// docs/compatibility.md has a row for every TwiML verb and call instruction docs/voice.md talks about
// (the rows' tests are checked by test/compat/compatibility-doc.test.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "compatibility.md"), "utf8");
const names = doc
  .split("\n")
  .filter((line) => line.startsWith("| "))
  .map((line) => (line.split("|")[1] ?? "").trim());

it("lists every TwiML verb and every instruction acting on a call", () => {
  const verbs = ["Say", "Play", "Pause", "Redirect", "Hangup", "Enqueue", "Leave", "Dial", "Gather"];
  for (const verb of verbs) expect(names, verb).toContain(`\`${verb}\``);
  for (const instruction of ["dequeue", "call", "redirect", "conference"])
    expect(names, instruction).toContain(`\`${instruction}\` on a call`);
});
