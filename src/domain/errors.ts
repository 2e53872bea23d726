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
