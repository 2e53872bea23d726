/**
 * The Tasklane Console (docs/console.md): a browser client of the public REST API and the event
 * stream, served at /console. This plugin adds only its page, its static assets and its session
 * routes; the API itself accepts the session cookie through src/api/auth/session-auth.ts.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { acceptJsonBodies } from "../../wire/json-body.ts";
import { type SessionRouteDeps, sessionRoutes } from "./session-routes.ts";
import { staticAssets } from "./static-assets.ts";

export { isConsolePath } from "./paths.ts";

export const DEFAULT_CONSOLE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "web",
  "dist",
);

export interface ConsoleOptions extends SessionRouteDeps {
  distDir?: string;
}

export async function mountConsole(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  // Answers to the console (its paths, its X-Tasklane-Console header, its cookie) never ask the
  // browser for Basic credentials: a 401 would otherwise open the browser's own login prompt.
  app.addHook("onSend", async (request, reply) => {
    const fromConsole =
      request.url.startsWith("/console") ||
      request.headers["x-tasklane-console"] !== undefined ||
      request.headers.cookie?.includes("tasklane_session=") === true;
    if (fromConsole) {
      reply.removeHeader("WWW-Authenticate");
    }
  });
  await app.register(async (scope) => {
    // Sign-in takes a JSON body; REST routes refuse JSON (src/api/app.ts), so the parser lives here.
    acceptJsonBodies(scope);
    await sessionRoutes(scope, options);
    await staticAssets(scope, options.distDir ?? DEFAULT_CONSOLE_DIR);
  });
}
