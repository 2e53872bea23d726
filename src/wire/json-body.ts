/**
 * A JSON body parser for the few routes that take JSON (the bulk TaskQueue statistics POST, which
 * the twilio SDK sends as JSON; the console's sign-in). Register it in the route's own scope: every
 * other REST route refuses JSON with 415 (src/api/app.ts).
 */
import type { FastifyInstance } from "fastify";
import { invalidParameter } from "../domain/errors.ts";

export function acceptJsonBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser("application/json", { parseAs: "string" }, (_request, text, done) => {
    try {
      done(null, JSON.parse(typeof text === "string" ? text : text.toString("utf8")));
    } catch {
      done(invalidParameter("body", "not valid JSON"), undefined);
    }
  });
}
