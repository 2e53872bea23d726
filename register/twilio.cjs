/**
 * tasklane/twilio: `createClient()` returns the official `twilio` client talking to Tasklane, for code
 * that prefers an explicit client to the process-wide hook (tasklane/register).
 *
 *   TASKLANE_URL                                 where Tasklane listens (required; no fallback to Twilio)
 *   TASKLANE_ACCOUNT_SID / TASKLANE_AUTH_TOKEN   credentials printed by `npm start` (tried first)
 *   TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN       used when the TASKLANE_ pair is not set (Functions' .env)
 *
 * The `twilio` package is the application's own (resolved from the working directory, then from here).
 */
"use strict";
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { isTwilioHost, readTarget, rewriteUrl } = require("./redirect.cjs");

function loadTwilio() {
  try {
    return createRequire(join(process.cwd(), "package.json"))("twilio");
  } catch {
    return require("twilio");
  }
}

/**
 * @param {{ url?: string, accountSid?: string, authToken?: string, twilio?: unknown, env?: NodeJS.ProcessEnv,
 *           clientOptions?: object }} [options]
 */
function createClient(options = {}) {
  const env = options.env ?? process.env;
  const target = readTarget({ TASKLANE_URL: options.url ?? env.TASKLANE_URL });
  if (target instanceof Error)
    throw new Error(target.message.replace("tasklane/register", "tasklane/twilio"));
  const pick = (...names) => names.map((n) => env[n]).find((v) => v !== undefined && v !== "");
  const accountSid = options.accountSid ?? pick("TASKLANE_ACCOUNT_SID", "TWILIO_ACCOUNT_SID");
  const authToken =
    options.authToken ??
    (options.accountSid === undefined && env.TASKLANE_ACCOUNT_SID
      ? env.TASKLANE_AUTH_TOKEN
      : pick("TWILIO_AUTH_TOKEN", "TASKLANE_AUTH_TOKEN"));
  if (!accountSid || !authToken) {
    throw new Error(
      "tasklane/twilio: no credentials: set TASKLANE_ACCOUNT_SID and TASKLANE_AUTH_TOKEN (printed by " +
        "`npx tasklane` / `npm start`), or TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
    );
  }
  const twilio = options.twilio ?? loadTwilio();
  class TasklaneRequestClient extends twilio.RequestClient {
    request(opts) {
      const url = new URL(opts.uri);
      const uri = isTwilioHost(url.hostname) ? rewriteUrl(url, target).toString() : opts.uri;
      return super.request({ ...opts, uri });
    }
  }
  return twilio(accountSid, authToken, {
    ...options.clientOptions,
    httpClient: new TasklaneRequestClient(),
  });
}

module.exports = { createClient };
