/**
 * Serves the built console (web/dist, made by `npm install`'s prepare script or `npm run
 * build:console`): hashed files under /console/assets/ cached for a year (immutable), the page
 * itself for every other /console path (the console routes in the browser) revalidated each time.
 * Every console response carries a content-security policy that allows only this origin (plus its
 * websocket, for the worker SDK on the agent desktop).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { CONSOLE_PREFIX } from "./paths.ts";

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Tasklane Console</title>
<h1>The console is not built</h1><p>Run <code>npm run build:console</code> (or <code>npm install</code>) and reload.</p></html>`;

export async function staticAssets(app: FastifyInstance, distDir: string): Promise<void> {
  app.addHook("onSend", async (request, reply) => {
    reply.header("Content-Security-Policy", policyFor(request));
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("X-Frame-Options", "DENY");
  });
  const indexFile = join(distDir, "index.html");
  const assets = join(distDir, "assets");
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: `${CONSOLE_PREFIX}/assets/`,
      index: false,
      cacheControl: false,
      setHeaders: (res) => res.setHeader("Cache-Control", "public, max-age=31536000, immutable"),
    });
  }
  // Read once: the page is small and changes only with a new build (a restart).
  const page = existsSync(indexFile) ? readFileSync(indexFile, "utf8") : null;
  const sendPage = async (_request: FastifyRequest, reply: import("fastify").FastifyReply) =>
    reply
      .status(page === null ? 503 : 200)
      .type("text/html; charset=utf-8")
      .header("Cache-Control", "no-cache")
      .send(page ?? NOT_BUILT);
  app.get(CONSOLE_PREFIX, sendPage);
  app.get(`${CONSOLE_PREFIX}/*`, sendPage);
  app.get("/", async (_request, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 302));
}

function policyFor(request: FastifyRequest): string {
  const host = request.headers.host ?? "";
  const socket = /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
