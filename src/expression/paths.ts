/**
 * Key path readers. A named segment reads an own property of a plain object (never an array's
 * `length` nor anything inherited from Object.prototype); a numeric `[n]` segment reads an array
 * element. Anything missing, or `undefined` in a hand-built root, reads as NULL.
 */
import type { JsonObject, JsonValue } from "../domain/entities.ts";
import type { PathSegment } from "./ast.ts";

export type Root = Readonly<JsonObject>;
export type Reader = (root: Root) => JsonValue;

/** Names whose plain `obj[name]` lookup could reach Object.prototype; those use Object.hasOwn. */
const inherited = (name: string): boolean => name in Object.prototype;

function step(value: JsonValue | undefined, seg: PathSegment): JsonValue | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (typeof seg === "number") return Array.isArray(value) ? value[seg] : undefined;
  if (Array.isArray(value)) return undefined;
  return inherited(seg) && !Object.hasOwn(value, seg) ? undefined : value[seg];
}

/** A reader for `path`; specialised for the short paths that dominate real expressions. */
export function pathReader(path: readonly PathSegment[]): Reader {
  const [a, b] = path;
  if (path.length === 1 && typeof a === "string" && !inherited(a)) {
    return (root) => {
      const v = root[a];
      return v === undefined ? null : v;
    };
  }
  if (path.length === 2 && typeof a === "string" && typeof b === "string" && !inherited(a) && !inherited(b)) {
    return (root) => {
      const o = root[a];
      if (o === null || typeof o !== "object" || Array.isArray(o)) return null;
      const v = o[b];
      return v === undefined ? null : v;
    };
  }
  const segments = path.slice();
  return (root) => {
    let v: JsonValue | undefined = root;
    for (let i = 0; i < segments.length && v !== undefined; i++) v = step(v, segments[i] as PathSegment);
    return v === undefined ? null : v;
  };
}

/** Like pathReader but distinguishes a missing key (undefined) from a present null. */
export function presenceReader(path: readonly PathSegment[]): (root: Root) => JsonValue | undefined {
  const segments = path.slice();
  return (root) => {
    let v: JsonValue | undefined = root;
    for (let i = 0; i < segments.length && v !== undefined; i++) v = step(v, segments[i] as PathSegment);
    return v;
  };
}

export function formatPath(path: readonly PathSegment[]): string {
  let s = "";
  for (const seg of path) s += typeof seg === "number" ? `[${seg}]` : s === "" ? seg : `.${seg}`;
  return s;
}
