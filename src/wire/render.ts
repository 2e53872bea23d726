/** Small rendering helpers shared by every resource: dates, ETags, URLs. */
import type { FastifyReply, FastifyRequest } from "fastify";

/** ISO 8601 UTC with second precision and Z: 2026-01-31T09:00:00Z. Null stays null. */
export function isoDate(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** ETags are quoted version numbers ("3"), so clients may JSON.parse them. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number): void {
  reply.header("ETag", etagOf(version));
}

/** The raw If-Match header, passed to the engine as `ifMatch` (it compares with etagOf(version)). */
export function ifMatch(request: FastifyRequest): string | undefined {
  const value = request.headers["if-match"];
  return Array.isArray(value) ? value[0] : value;
}

/** Joins a public base URL and a path made of segments (segments are percent-encoded). */
export function resourceUrl(publicUrl: string, ...segments: string[]): string {
  return `${publicUrl}/${segments.map(encodeURIComponent).join("/")}`;
}

/** `{name: url}` links for sub-resources of `base`. */
export function linksOf(base: string, links: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(links).map(([name, path]) => [name, `${base}/${path}`]));
}
