/**
 * The closed set of domain errors. The core throws these; exactly one HTTP error handler renders
 * them as Twilio's JSON `{code, message, more_info, status}`. Messages say what was wrong and where.
 */

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 412 | 413 | 429 | 500 | 503;

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
