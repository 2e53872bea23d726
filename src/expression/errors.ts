import { TaskRouterError } from "../domain/errors.ts";

/**
 * A syntax or context error in a TaskRouter expression (Twilio code 20001, HTTP 400).
 * The message always reads `<problem> at column <n> of <where>: expected <what>` with an optional
 * hint in parentheses, e.g. "Unexpected ')' at column 17 of TargetWorkers: expected a value".
 */
export class ExpressionError extends TaskRouterError {
  /** 1-based column (UTF-16 code unit) where the problem was found. */
  readonly column: number;
  /** What the parser expected there, e.g. "a value". */
  readonly expected: string;
  /** Which expression this was, e.g. "TargetWorkers" or "expression of filter 'Gold'". */
  readonly where: string;

  constructor(problem: string, column: number, expected: string, where: string, hint?: string) {
    const suffix = hint === undefined ? "" : ` (${hint})`;
    super(20001, 400, `${problem} at column ${column} of ${where}: expected ${expected}${suffix}`);
    this.column = column;
    this.expected = expected;
    this.where = where;
  }
}
