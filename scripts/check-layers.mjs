#!/usr/bin/env node
// Keeps dependencies pointing inward: the pure core (domain, expression, engine) imports no shell
// layer, no I/O library and no wall clock; the Twilio wire format (src/wire) is shared, so the
// layers beside the REST API (gateway, failover, voice, and wire itself) never import src/api; no
// module under src/ takes part in an import cycle, and no two top-level folders import each other
// (directly or around a longer loop).
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
/** Layers that share the wire format with the REST API and so must not reach into it. */
const MAY_NOT_IMPORT = {
  gateway: ["api"],
  failover: ["api"],
  voice: ["api"],
  wire: ["api"],
};
const FORBIDDEN_IN_CORE = [
  /^node:(fs|http|https|net|child_process|worker_threads)$/,
  /^(fastify|better-sqlite3|pg|ws)$/,
];

const problems = [];
const graph = new Map();
/** Top-level folder -> folder it imports -> the first import line that says so (for the message). */
const folderEdges = new Map();
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
      if (MAY_NOT_IMPORT[layer]?.includes(targetLayer)) {
        problems.push(`${relative(root, file)} (${layer}) imports ${targetLayer}: ${spec}; use src/wire`);
      }
      if (targetLayer !== layer && !targetLayer.endsWith(".ts")) {
        if (!folderEdges.has(layer)) folderEdges.set(layer, new Map());
        const edges = folderEdges.get(layer);
        if (!edges.has(targetLayer)) edges.set(targetLayer, `${relative(root, file)} imports ${spec}`);
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

// Folder cycles, at two levels: top-level folders (api, wire, gateway, store, ...), and the folders
// inside src/engine (machines -> state -> machines would be a cycle between folders, even through
// different files; files directly in src/engine, the engine's entry points and shared types, are
// left out). Both graphs must be acyclic.
const engineRoot = join(root, "engine");
const engineFolderOf = (file) => {
  const rel = relative(engineRoot, file).split("/");
  return rel.length > 1 && !rel[0].startsWith("..") ? rel[0] : null;
};
const engineFolderEdges = new Map();
for (const [file, deps] of graph) {
  const from = engineFolderOf(file);
  if (from === null) continue;
  for (const dep of deps) {
    const to = engineFolderOf(dep);
    if (to === null || to === from) continue;
    if (!engineFolderEdges.has(from)) engineFolderEdges.set(from, new Map());
    const edges = engineFolderEdges.get(from);
    if (!edges.has(to)) edges.set(to, `${relative(root, file)} imports engine/${to}`);
  }
}
function checkFolderCycles(edgesOf, label) {
  const folderColour = new Map();
  const folderStack = [];
  function visitFolder(folder) {
    folderColour.set(folder, 1);
    folderStack.push(folder);
    for (const [dep, why] of edgesOf.get(folder) ?? []) {
      if (folderColour.get(dep) === 1) {
        const loop = folderStack.slice(folderStack.indexOf(dep)).concat(dep);
        problems.push(`${label}: ${loop.join(" -> ")} (${folder} -> ${dep}: ${why})`);
      } else if (!folderColour.get(dep)) visitFolder(dep);
    }
    folderStack.pop();
    folderColour.set(folder, 2);
  }
  for (const folder of [...edgesOf.keys()].sort()) if (!folderColour.get(folder)) visitFolder(folder);
}
checkFolderCycles(folderEdges, "folder cycle");
checkFolderCycles(engineFolderEdges, "engine folder cycle");

if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} problem(s)\n  ${[...new Set(problems)].join("\n  ")}`);
  process.exit(1);
}
console.log(`check-layers: ${files.length} files, layers and cycles OK`);
