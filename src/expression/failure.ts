/** Raises an ExpressionError at a column; bound to the expression's `where` by the compiler. */
export type Fail = (problem: string, column: number, expected: string, hint?: string) => never;
