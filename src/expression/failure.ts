/** Raises an ExpressionError at a column; bound to the expression's `where` by the compiler. */
export type Fail = (problem: string, column: number, expected: string, hint?: string) => never;

/** Source text quoted in a message, cut to keep messages short: `'abc'`, `'very long te...'`. */
export function quoteText(text: string): string {
  const cut = text.length > 24 ? `${text.slice(0, 21)}...` : text;
  return cut.includes("'") ? JSON.stringify(cut) : `'${cut}'`;
}
