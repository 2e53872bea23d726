/**
 * The seed document's code blocks (test/fixtures/seed/taskrouter-skill.md, a verbatim copy), read
 * at test time so the test runs exactly what the document shows. A block is split into its snippets
 * at its top-level `// …` comments ("// Create worker"); each snippet runs as the body of an async
 * function whose parameters are the names the document leaves free (context, event, workspace,
 * workerSid, …), and returns the constants it declares, which the test hands to later snippets.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const SEED_PATH = join(import.meta.dirname, "..", "fixtures", "seed", "taskrouter-skill.md");

export interface Block {
  heading: string;
  lang: string;
  code: string;
}

export function seedBlocks(): Block[] {
  const text = readFileSync(SEED_PATH, "utf8");
  const blocks: Block[] = [];
  let heading = "";
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const h = /^#{2,4}\s+(.*)$/.exec(line);
    if (h) heading = h[1] ?? "";
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? "").startsWith("```"); i++) body.push(lines[i] ?? "");
      blocks.push({ heading, lang: fence[1] ?? "", code: body.join("\n") });
    }
  }
  return blocks;
}

export function block(heading: string, lang = "javascript"): string {
  const found = seedBlocks().find((b) => b.heading === heading && b.lang === lang);
  if (!found) throw new Error(`seed: no ${lang} block under "${heading}"`);
  return found.code;
}

/** `{ "Create worker": "const worker = …" }` in document order. */
export function snippets(code: string): Map<string, string> {
  const out = new Map<string, string>();
  let name = "";
  let lines: string[] = [];
  const flush = () => {
    if (lines.join("").trim() !== "") out.set(name, lines.join("\n"));
  };
  for (const line of code.split("\n")) {
    const comment = /^\/\/\s*(.*)$/.exec(line);
    if (comment) {
      flush();
      name = (comment[1] ?? "").trim();
      lines = [];
    } else lines.push(line);
  }
  flush();
  return out;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<Record<string, unknown>>;

/** Runs one snippet with `scope` as its free names; resolves with the constants it declared. */
export async function runSnippet(
  code: string,
  scope: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const declared = [...code.matchAll(/^const\s+(?:\{\s*([^}]+)\}|(\w+))\s*=/gm)].flatMap((m) =>
    m[1] ? m[1].split(",").map((s) => s.trim()) : [m[2] ?? ""],
  );
  const names = Object.keys(scope).filter((n) => !declared.includes(n));
  const fn = new AsyncFunction(...names, `${code}\nreturn { ${declared.join(", ")} };`);
  return fn(...names.map((n) => scope[n]));
}
