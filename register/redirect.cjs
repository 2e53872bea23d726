/**
 * tasklane/register: sends every request the process makes to *.twilio.com to TASKLANE_URL instead,
 * path and query unchanged (https://taskrouter.twilio.com/v1/Workspaces -> TASKLANE_URL/v1/Workspaces,
 * https://api.twilio.com/2010-04-01/… -> TASKLANE_URL/2010-04-01/…).
 *
 * It works below the `twilio` package, so every copy and version of it in the process is covered
 * (twilio-run's own included), whatever HTTP library it uses:
 *   1. rewrite: http.request/get, https.request/get and global fetch aimed at a Twilio host are sent to
 *      TASKLANE_URL (the caller's agent, TLS options and Host header are replaced by the target's);
 *   2. guard: any socket still opened towards a Twilio host (a library with its own connector) is
 *      destroyed before the DNS lookup, so nothing, credentials least of all, reaches Twilio.
 * Without a valid TASKLANE_URL it fails closed: rewrite throws a clear error and the guard still holds.
 *
 * Plain CommonJS on purpose: `node --require`, `node --import` (index.mjs) and NODE_OPTIONS load it
 * without a build step or tsx.
 */
"use strict";
const http = require("node:http");
const https = require("node:https");
const net = require("node:net");
const { syncBuiltinESMExports } = require("node:module");

const INSTALLED = Symbol.for("tasklane.register.installed");
const TWILIO_HOST = /(^|\.)twilio\.com\.?$/i;

function isTwilioHost(hostname) {
  if (typeof hostname !== "string" || hostname === "") return false;
  // "[::1]" style and "host:port" inputs are reduced to the bare name first.
  const bare = hostname.replace(/^\[|\]$/g, "").replace(/:\d+$/, "");
  return TWILIO_HOST.test(bare);
}

/** The base every Twilio request goes to, or an Error saying why there is none. */
function readTarget(env) {
  const raw = env.TASKLANE_URL;
  if (raw === undefined || raw.trim() === "") {
    return new Error(
      "tasklane/register: TASKLANE_URL is not set, so this request to a Twilio host was stopped before it " +
        "left the machine. Set TASKLANE_URL to your Tasklane server, e.g. TASKLANE_URL=http://127.0.0.1:3000",
    );
  }
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    return new Error(
      `tasklane/register: TASKLANE_URL "${raw}" is not a URL (expected e.g. http://127.0.0.1:3000)`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return new Error(`tasklane/register: TASKLANE_URL "${raw}" must start with http:// or https://`);
  }
  if (isTwilioHost(url.hostname)) {
    return new Error(`tasklane/register: TASKLANE_URL "${raw}" points at Twilio itself; refusing`);
  }
  return url;
}

/** The URL a Twilio URL becomes: TASKLANE_URL's origin and path prefix, the original path and query. */
function rewriteUrl(original, target) {
  const prefix = target.pathname.replace(/\/+$/, "");
  return new URL(`${target.origin}${prefix}${original.pathname}${original.search}`);
}

function stopped(error, host) {
  const e = new Error(`${error.message} (request to ${host})`);
  e.code = "TASKLANE_NO_TARGET";
  return e;
}

/** http(s).request(url?, options?, callback?) arguments as { url, options, callback }. */
function readArgs(defaultProtocol, args) {
  let url = null;
  let options = {};
  let callback;
  let i = 0;
  if (typeof args[0] === "string" || args[0] instanceof URL) {
    url = new URL(String(args[0]));
    i = 1;
  }
  if (args[i] !== null && typeof args[i] === "object") {
    options = args[i];
    i++;
  }
  if (typeof args[i] === "function") callback = args[i];
  if (url === null) {
    const protocol = options.protocol || defaultProtocol;
    const host = options.hostname || (options.host || "localhost").replace(/:\d+$/, "");
    const port = options.port ? `:${options.port}` : "";
    const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
    url = new URL(`${protocol}//${bracketed}${port}${options.path || "/"}`);
  }
  return { url, options, callback };
}

function withoutHostHeader(headers) {
  if (headers === undefined || headers === null) return headers;
  if (Array.isArray(headers)) {
    const out = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() !== "host") out.push(headers[i], headers[i + 1]);
    }
    return out;
  }
  const out = {};
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== "host") out[name] = value;
  return out;
}

function install(env = process.env) {
  if (globalThis[INSTALLED]) return globalThis[INSTALLED];
  const original = {
    httpRequest: http.request,
    httpGet: http.get,
    httpsRequest: https.request,
    httpsGet: https.get,
    connect: net.Socket.prototype.connect,
    fetch: globalThis.fetch,
  };
  const state = { target: readTarget(env), original };

  function redirected(defaultProtocol, args) {
    const { url, options, callback } = readArgs(defaultProtocol, args);
    if (!isTwilioHost(url.hostname)) return null;
    if (state.target instanceof Error) throw stopped(state.target, url.hostname);
    const to = rewriteUrl(url, state.target);
    const next = { ...options };
    for (const key of [
      "host",
      "hostname",
      "port",
      "path",
      "protocol",
      "agent",
      "servername",
      "createConnection",
    ])
      delete next[key];
    next.protocol = to.protocol;
    next.hostname = to.hostname.replace(/^\[|\]$/g, "");
    next.port = to.port || (to.protocol === "https:" ? 443 : 80);
    next.path = `${to.pathname}${to.search}`;
    next.headers = { ...withoutHostHeader(options.headers), "X-Tasklane-Original-Host": url.host };
    const request = to.protocol === "https:" ? original.httpsRequest : original.httpRequest;
    return callback === undefined ? request(next) : request(next, callback);
  }

  http.request = function request(...args) {
    return redirected("http:", args) ?? original.httpRequest.apply(this, args);
  };
  https.request = function request(...args) {
    return redirected("https:", args) ?? original.httpsRequest.apply(this, args);
  };
  http.get = function get(...args) {
    const req = http.request(...args);
    req.end();
    return req;
  };
  https.get = function get(...args) {
    const req = https.request(...args);
    req.end();
    return req;
  };

  // The guard: no socket to a Twilio host, whoever opens it (checked before the DNS lookup).
  net.Socket.prototype.connect = function connect(...args) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host =
      first !== null && typeof first === "object"
        ? first.host || first.servername
        : typeof args[1] === "string"
          ? args[1]
          : undefined;
    if (isTwilioHost(host)) {
      const error = new Error(
        `tasklane/register: refused a connection to ${host}: with the hook loaded nothing is sent to Twilio ` +
          "(this library opened its own socket; set TASKLANE_URL and use http, https or fetch)",
      );
      error.code = "TASKLANE_TWILIO_BLOCKED";
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return original.connect.apply(this, args);
  };

  if (typeof original.fetch === "function") {
    globalThis.fetch = async function fetch(input, init) {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!isTwilioHost(url.hostname)) return original.fetch(input, init);
      if (state.target instanceof Error) throw stopped(state.target, url.hostname);
      const to = rewriteUrl(url, state.target).toString();
      const request = input instanceof Request ? new Request(to, input) : new Request(to, init);
      request.headers.set("X-Tasklane-Original-Host", url.host);
      return original.fetch(request);
    };
  }

  syncBuiltinESMExports();
  globalThis[INSTALLED] = state;
  return state;
}

const ENTRY = require.resolve("./index.cjs");

function withHook(nodeOptions) {
  const current = nodeOptions ?? "";
  if (current.includes(ENTRY) || /tasklane\/register/.test(current)) return current;
  return `${current} --require ${JSON.stringify(ENTRY)}`.trim();
}

/**
 * Child processes inherit the hook: NODE_OPTIONS gains `--require …/index.cjs`, and every child's
 * environment keeps NODE_OPTIONS and TASKLANE_URL even when the parent replaced process.env (twilio-run
 * does `process.env = <the .env file>` before forking its function runners) or passed its own `env`.
 */
function inherit(env = process.env) {
  env.NODE_OPTIONS = withHook(env.NODE_OPTIONS);
  const url = env.TASKLANE_URL;
  const childProcess = require("node:child_process");
  const { ChildProcess } = childProcess;
  if (ChildProcess.prototype[INSTALLED]) return;
  const spawn = ChildProcess.prototype.spawn;
  ChildProcess.prototype.spawn = function patchedSpawn(options) {
    if (options && Array.isArray(options.envPairs)) options.envPairs = completePairs(options.envPairs, url);
    return spawn.call(this, options);
  };
  ChildProcess.prototype[INSTALLED] = true;
  for (const name of ["spawnSync", "execSync", "execFileSync"]) {
    const original = childProcess[name];
    childProcess[name] = function patchedSync(...args) {
      const at = args.findIndex((a, i) => i > 0 && a !== null && typeof a === "object" && !Array.isArray(a));
      const options = at === -1 ? {} : args[at];
      const next = { ...options, env: completeEnv(options.env ?? process.env, url) };
      if (at === -1) args.push(next);
      else args[at] = next;
      return original.apply(this, args);
    };
  }
  syncBuiltinESMExports();
}

function completeEnv(env, url) {
  const next = { ...env, NODE_OPTIONS: withHook(env.NODE_OPTIONS) };
  if (url !== undefined && next.TASKLANE_URL === undefined) next.TASKLANE_URL = url;
  return next;
}

function completePairs(pairs, url) {
  const out = [];
  let options = null;
  let hasUrl = false;
  for (const pair of pairs) {
    if (pair.startsWith("NODE_OPTIONS=")) options = pair.slice("NODE_OPTIONS=".length);
    else {
      if (pair.startsWith("TASKLANE_URL=")) hasUrl = true;
      out.push(pair);
    }
  }
  out.push(`NODE_OPTIONS=${withHook(options ?? "")}`);
  if (!hasUrl && url !== undefined) out.push(`TASKLANE_URL=${url}`);
  return out;
}

module.exports = { install, inherit, isTwilioHost, readTarget, rewriteUrl };
