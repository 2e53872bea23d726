/**
 * The closed set of domain errors. The core throws these; exactly one HTTP error handler renders
 * them as Twilio's JSON `{code, message, more_info, status}`. Messages say what was wrong and where.
 */

export type ErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 408
  | 409
  | 410
  | 412
  | 413
  | 415
  | 429
  | 431
  | 500
  | 503;

export class TaskRouterError extends Error {
  override readonly name = "TaskRouterError";
  constructor(
    /** Twilio error code (20001, 20404, ...). */
    readonly code: number,
    /** HTTP status. */
    readonly status: ErrorStatus,
    message: string,
  ) {
    super(message);
  }

  get moreInfo(): string {
    return `https://www.twilio.com/docs/errors/${this.code}`;
  }
}

/** 400 / 20001: a parameter is missing, malformed or not allowed in the current state. */
export function invalidParameter(param: string, problem: string): TaskRouterError {
  return new TaskRouterError(20001, 400, `Invalid parameter ${param}: ${problem}`);
}

export function missingParameter(param: string): TaskRouterError {
  return new TaskRouterError(20001, 400, `Missing required parameter ${param} in the post body`);
}

/** 400 / 20001: the requested transition is not allowed from the current state. */
export function invalidState(message: string): TaskRouterError {
  return new TaskRouterError(20001, 400, message);
}

export function notFound(resource: string, sid: string): TaskRouterError {
  return new TaskRouterError(20404, 404, `The requested resource ${resource} ${sid} was not found`);
}

export function conflict(message: string): TaskRouterError {
  return new TaskRouterError(20409, 409, message);
}

export function preconditionFailed(expected: string, actual: string): TaskRouterError {
  return new TaskRouterError(
    20412,
    412,
    `If-Match header ${expected} does not match the current version ${actual} of the resource`,
  );
}

export function gone(message: string): TaskRouterError {
  return new TaskRouterError(20410, 410, message);
}

export function unauthorized(): TaskRouterError {
  return new TaskRouterError(20003, 401, "Authenticate");
}

export function forbidden(message: string): TaskRouterError {
  return new TaskRouterError(20403, 403, message);
}

export function pageSizeTooLarge(size: number): TaskRouterError {
  return new TaskRouterError(20007, 400, `Page size too large: ${size}. The maximum page size is 1000`);
}

export function tooLarge(what: string, limit: number): TaskRouterError {
  return new TaskRouterError(20413, 413, `${what} is larger than the limit of ${limit}`);
}

/** 415: REST resources take form bodies only, as TaskRouter's do. */
export function unsupportedMediaType(contentType: string): TaskRouterError {
  const shown = contentType === "" ? "none" : `"${contentType.slice(0, 100)}"`;
  return new TaskRouterError(
    20415,
    415,
    `Unsupported Content-Type ${shown}: send parameters as application/x-www-form-urlencoded`,
  );
}

/** 429: a server-side cap (connections, subscribers) is reached; the client may retry later. */
export function tooManyRequests(message: string): TaskRouterError {
  return new TaskRouterError(20429, 429, message);
}

/** A URL the router cannot match: not valid percent-encoding, or a segment over the length limit. */
export function badUrl(path: string, problem: string): TaskRouterError {
  return new TaskRouterError(
    20404,
    404,
    `The requested resource ${path.slice(0, 200)} was not found: ${problem}`,
  );
}

/** The client did not send a whole request in time, or sent something that is not HTTP. */
export function clientProtocolError(status: 400 | 408 | 431, message: string): TaskRouterError {
  return new TaskRouterError(status === 408 ? 20408 : 20001, status, message);
}

/** 500: diagnostics were asked of a WorkspaceView that is not the routing engine's own state. */
export function diagnosticsUnavailable(): TaskRouterError {
  return new TaskRouterError(20500, 500, "Diagnostics need the routing engine's own workspace state");
}

/**
 * A state machine was asked for a move its transition table does not allow (src/engine/machines).
 * Handlers check `canMove…` first and refuse with a TaskRouterError, so this is always an engine bug:
 * the engine reports it as an EngineFault, never as a client error.
 */
export class IllegalTransition extends Error {
  override readonly name = "IllegalTransition";
  constructor(
    readonly machine: string,
    readonly sid: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${machine} ${sid}: no move from [${from}] to [${to}] in its transition table`);
  }
}

export function illegalTransition(machine: string, sid: string, from: string, to: string): IllegalTransition {
  return new IllegalTransition(machine, sid, from, to);
}

/**
 * The engine failed with something other than a refusal (a bug). `stateChanged` says whether the
 * command had changed anything before it failed: when false, memory still equals what is stored and
 * the host need not rebuild the workspace from the store.
 */
export class EngineFault extends Error {
  override readonly name = "EngineFault";
  constructor(
    override readonly cause: unknown,
    readonly stateChanged: boolean,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

// Builders for the shell layers (src/wire, src/api, src/gateway, src/voice, src/runtime,
// src/failover): every error they raise is made here, so each text and code lives in one place.

/** 500 / 20500: a failure that is not the client's; the details go to the log, not the client. */
export function internalError(message = "Internal server error"): TaskRouterError {
  return new TaskRouterError(20500, 500, message);
}

/** 500 / 20500 saying what failed and why; `cause` is kept on the error for the log. */
export function internalFailure(what: string, cause: unknown): TaskRouterError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const error = internalError(`Internal error: ${what} (${detail})`);
  error.cause = cause;
  return error;
}

/** 503 / 20503: the server cannot take the request now (shutting down, standby, a broken workspace). */
export function unavailable(message: string): TaskRouterError {
  return new TaskRouterError(20503, 503, message);
}

/** 503: a workspace whose state could not be reloaded refuses requests until a write succeeds. */
export function workspaceUnavailable(workspaceSid: string): TaskRouterError {
  return unavailable(
    `Workspace ${workspaceSid} is unavailable: its state could not be reloaded from the database (retried on the next write)`,
  );
}

/** 503: after a restart, a stored workspace answers once it is restored (the others already do). */
export function workspaceLoading(workspaceSid: string): TaskRouterError {
  return unavailable(
    `Workspace ${workspaceSid} is still being restored after a restart: retry shortly (see Retry-After)`,
  );
}

/** 503: the list of workspaces would be incomplete while some are still being restored. */
export function workspacesLoading(): TaskRouterError {
  return unavailable(
    "Workspaces are still being restored after a restart, so the list would be incomplete: retry shortly (see Retry-After)",
  );
}

/** 413 / 20413: Fastify refused a body over the server's body limit. */
export function bodyTooLarge(): TaskRouterError {
  return new TaskRouterError(20413, 413, "Request body is larger than the server accepts");
}

/** 400 / 20001: a JSON body that does not parse (`detail` is the parser's message). */
export function invalidJsonBody(detail: string): TaskRouterError {
  return new TaskRouterError(20001, 400, `Invalid JSON body: ${detail}`.trim());
}

/** 400 / 20001: a body that is not what the endpoint takes (`problem` says what was expected). */
export function invalidBody(problem: string): TaskRouterError {
  return new TaskRouterError(20001, 400, `Invalid request body: ${problem}`);
}

/** 400 / 20001 with a message of its own (a client error Fastify reports, a malformed sign-in). */
export function badRequest(message: string): TaskRouterError {
  return new TaskRouterError(20001, 400, message);
}

/** 405 / 20004: the path exists, the method does not. */
export function methodNotAllowed(method: string, path: string): TaskRouterError {
  return new TaskRouterError(20004, 405, `Method ${method} not allowed on ${path}`);
}

/** 404 / 20404: no route matches the path. */
export function routeNotFound(path: string): TaskRouterError {
  return new TaskRouterError(20404, 404, `The requested resource ${path} was not found`);
}

/** 404 / 20404: a worker-SDK request the gateway does not serve. */
export function gatewayRouteNotFound(method: string, path: string): TaskRouterError {
  return new TaskRouterError(20404, 404, `The worker gateway does not support ${method} ${path}`);
}

/** 401: a worker access token that is missing, malformed, expired or not signed by a known key. */
export function accessTokenError(code: number, message: string): TaskRouterError {
  return new TaskRouterError(code, 401, message);
}

/** 401 / 20003: a console request without a session. */
export function notSignedIn(): TaskRouterError {
  return new TaskRouterError(20003, 401, "Not signed in to the console");
}

/** 400 / 21201: Calls API create without `To`. */
export function missingCallTo(): TaskRouterError {
  return new TaskRouterError(21201, 400, "No 'To' number is specified");
}

/** 400 / 21213: Calls API create without `From`. */
export function missingCallFrom(): TaskRouterError {
  return new TaskRouterError(21213, 400, "No 'From' number is specified");
}

/** 400 / 21205: Calls API create with neither `Url` nor `Twiml`. */
export function missingCallUrl(): TaskRouterError {
  return new TaskRouterError(21205, 400, "Url parameter is required (or Twiml)");
}

/** 400 / 21205: a call `Url` that is not http(s). */
export function invalidCallUrl(url: string): TaskRouterError {
  return new TaskRouterError(21205, 400, `Url "${url}" is not a valid URL (expected http:// or https://)`);
}

/** 400 / 21220: a call update to a status other than completed or canceled. */
export function invalidCallStatus(status: string): TaskRouterError {
  return new TaskRouterError(21220, 400, `Invalid Status "${status}": expected completed or canceled`);
}

/** 400 / 20001: a call update that changes nothing. */
export function emptyCallUpdate(): TaskRouterError {
  return new TaskRouterError(20001, 400, "Invalid parameter: give Status, Url or Twiml");
}

/** 400 / 20001: a VirtualStartTime later than the request's clock reading. */
export function virtualStartInFuture(): TaskRouterError {
  return invalidParameter("VirtualStartTime", "must not be in the future");
}

/** 400 / 20001: a VirtualStartTime before EARLIEST_VIRTUAL_START_TIME (src/domain/limits.ts). */
export function virtualStartTooEarly(): TaskRouterError {
  return invalidParameter("VirtualStartTime", "must not be before 1900-01-01");
}

/** 400 / 20001: a worker-SDK participant call on a task without a simulated conference (docs/voice.md). */
export function noSimulatedConference(taskSid: string): TaskRouterError {
  return invalidState(
    `Task ${taskSid} has no conference in progress that Tasklane simulates (conference.sid in its attributes, from a conference instruction)`,
  );
}

/** 400 / 20001: the worker (or the customer, null) named by a participant call has no leg in the conference. */
export function notInConference(
  workerSid: string | null,
  conferenceSid: string,
  taskSid: string,
): TaskRouterError {
  return invalidState(
    `${workerSid === null ? "The customer" : `Worker ${workerSid}`} is not in conference ${conferenceSid} of task ${taskSid}`,
  );
}

/** 503 / 20503: the workspace was handed over to another cluster node while the request waited. */
export function workspaceMoved(workspaceSid: string): TaskRouterError {
  return unavailable(`Workspace ${workspaceSid} moved to another node: retry the request`);
}

/** 503 / 20503: a cluster request that found no owner to serve it (`reason` says why) in time. */
export function noOwnerAnswers(reason: string): TaskRouterError {
  return unavailable(`Service unavailable: ${reason}; retry shortly`);
}

/** 503 / 20503: the owner of the workspace failed while a forwarded write was in flight. */
export function ownerFailedMidRequest(workspaceSid: string): TaskRouterError {
  return unavailable(
    `Service unavailable: the node owning workspace ${workspaceSid} failed during the request, which may or may not have been applied; read before retrying`,
  );
}

/** 413 / 20413: a body over the limit a cluster node buffers to forward it. */
export function forwardedBodyTooLarge(): TaskRouterError {
  return new TaskRouterError(20413, 413, "Request body too large");
}
