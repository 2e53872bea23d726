/**
 * export: the server's Workspace as a workspace file. Entries are sorted by name and fields equal
 * to TaskRouter's defaults are left out, so the same Workspace always gives the same text, on any
 * server: export → apply to an empty server → export gives the file back byte for byte.
 */
import { Document, isScalar, isSeq, visit } from "yaml";
import type { JsonValue } from "../domain/entities.ts";
import { jsonEqual } from "./equal.ts";
import { type RemoteWorkspace, remoteToSpec } from "./remote.ts";
import { DEFAULTS, IDENTITY, SECTIONS, type SectionName } from "./spec.ts";

type Entry = Record<string, JsonValue | undefined>;

function compact(entry: Entry, defaults: Entry): Entry {
  const out: Entry = {};
  for (const [k, v] of Object.entries(entry)) {
    if (v === undefined) continue;
    if (k in defaults && jsonEqual(v, defaults[k])) continue;
    out[k] = v;
  }
  return out;
}

export const EXPORT_HEADER =
  "# A Tasklane workspace file (docs/config.md): `tasklane plan <file>` shows what `tasklane apply <file>` changes.\n";

export function exportWorkspace(remote: RemoteWorkspace, options: { workers: boolean }): string {
  const spec = remoteToSpec(remote);
  const out: Record<string, unknown> = { workspace: compact(spec.workspace, DEFAULTS.workspace) };
  for (const section of SECTIONS) {
    if (section === "workers" && !options.workers) continue;
    const key = IDENTITY[section];
    const entries = [...(spec[section] as Entry[])].sort((a, b) => compare(a[key], b[key]));
    out[section] = entries.map((e) => compact(e, DEFAULTS[section as SectionName]));
  }
  const doc = new Document(out);
  // Lists of plain values on one line (`skills: [english, billing]`), everything else as blocks.
  visit(doc, {
    Seq(_, node) {
      if (isSeq(node) && node.items.length > 0 && node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  return EXPORT_HEADER + doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function compare(a: JsonValue | undefined, b: JsonValue | undefined): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
