#!/usr/bin/env node
// Keeps dependencies pointing inward: the pure core (domain, expression, engine) imports no shell
// layer, no I/O library and no wall clock; and no module under src/ takes part in an import cycle.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "src");
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts")) files.push(p);
  }
})(root);

const layerOf = (file) => relative(root, file).split("/")[0];
const CORE = new Set(["domain", "expression", "engine"]);
const CORE_MAY_IMPORT = {
  domain: ["domain"],
  expression: ["domain", "expression"],
  engine: ["domain", "expression", "engine"],
};
const FORBIDDEN_IN_CORE = [
  /^node:(fs|http|https|net|child_process|worker_threads)$/,
  /^(fastify|better-sqlite3|pg|ws)$/,
];

const problems = [];
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const deps = [];
  for (const m of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
  )) {
    const spec = m[1] ?? m[2];
    const layer = layerOf(file);
    if (spec.startsWith(".")) {
      const target = resolve(dirname(file), spec);
      deps.push(target);
      const targetLayer = layerOf(target);
      if (CORE.has(layer) && !CORE_MAY_IMPORT[layer].includes(targetLayer)) {
        problems.push(`${relative(root, file)} (core layer ${layer}) imports ${targetLayer}: ${spec}`);
      }
    } else if (CORE.has(layer) && FORBIDDEN_IN_CORE.some((re) => re.test(spec))) {
      problems.push(`${relative(root, file)} (core layer ${layer}) imports I/O module ${spec}`);
    }
  }
  if (
    CORE.has(layerOf(file)) &&
    layerOf(file) !== "domain" &&
    /\bDate\.now\(\)|new Date\(\)|setTimeout\(|setInterval\(/.test(text)
  ) {
    problems.push(
      `${relative(root, file)} reads the wall clock or arms a timer: the core takes time as input`,
    );
  }
  // The state machines own their status: only src/engine/machines calls the state's status writes.
  const rel = relative(root, file);
  if (!rel.startsWith("engine/machines/") && !rel.startsWith("engine/state/")) {
    const write = text.match(/\.(setTaskStatus|setReservationStatus|setWorkerActivity|setTaskRouting)\(/);
    if (write) problems.push(`${rel} calls ${write[1]}: status moves go through src/engine/machines`);
  }
  graph.set(file, deps);
}

// Cycle detection (Tarjan-free DFS with colours).
const colour = new Map();
const stack = [];
function visit(node) {
  colour.set(node, 1);
  stack.push(node);
  for (const dep of graph.get(node) ?? []) {
    if (!graph.has(dep)) continue;
    if (colour.get(dep) === 1) {
      const cycle = stack
        .slice(stack.indexOf(dep))
        .concat(dep)
        .map((f) => relative(root, f));
      problems.push(`import cycle: ${cycle.join(" -> ")}`);
    } else if (!colour.get(dep)) visit(dep);
  }
  stack.pop();
  colour.set(node, 2);
}
for (const node of graph.keys()) if (!colour.get(node)) visit(node);

// Folder-level cycles inside the engine: two folders of src/engine must not import each other, even
// through different files (machines -> state -> machines would be a cycle between folders). Files
// directly in src/engine (the engine's entry points and shared types) are left out.
const engineRoot = join(root, "engine");
const folderOf = (file) => {
  const rel = relative(engineRoot, file).split("/");
  return rel.length > 1 && !rel[0].startsWith("..") ? rel[0] : null;
};
const folders = new Map();
for (const [file, deps] of graph) {
  const from = folderOf(file);
  if (from === null) continue;
  for (const dep of deps) {
    const to = folderOf(dep);
    if (to === null || to === from) continue;
    if (!folders.has(from)) folders.set(from, new Map());
    if (!folders.get(from).has(to)) folders.get(from).set(to, relative(root, file));
  }
}
const folderColour = new Map();
const folderStack = [];
function visitFolder(folder) {
  folderColour.set(folder, 1);
  folderStack.push(folder);
  for (const [dep, via] of folders.get(folder) ?? []) {
    if (folderColour.get(dep) === 1) {
      const cycle = folderStack.slice(folderStack.indexOf(dep)).concat(dep);
      problems.push(`engine folder cycle: ${cycle.join(" -> ")} (last edge from ${via})`);
    } else if (!folderColour.get(dep)) visitFolder(dep);
  }
  folderStack.pop();
  folderColour.set(folder, 2);
}
for (const folder of folders.keys()) if (!folderColour.get(folder)) visitFolder(folder);

if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} problem(s)\n  ${[...new Set(problems)].join("\n  ")}`);
  process.exit(1);
}
console.log(`check-layers: ${files.length} files, layers and cycles OK`);
