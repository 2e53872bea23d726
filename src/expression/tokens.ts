/**
 * The lexer: turns an expression into tokens with 1-based columns. Hand-written, single pass,
 * no regular expressions on the input, so its cost is linear in the input whatever it contains.
 *
 * Token kinds:
 * - `string`  'single' or "double" quoted, with JSON-style escapes (\" \' \\ \/ \b \f \n \r \t \uXXXX);
 *             any other escaped character stands for itself.
 * - `number`  integer, decimal or exponent form, optionally negative (`-3`, `0800` = 800, `2.5e3`).
 * - `word`    a bare key path: `a`, `a.b`, `a.b[2].c`, `workers.WA12...`; keywords are words too
 *             (AND, OR, IN, NOT, HAS, CONTAINS, TRUE, FALSE, NULL, case-insensitive).
 * - `op`      == = != > >= < <= >- <- (the last two alias HAS and IN).
 * - `(` `)` `[` `]` `,` and `end`.
 */
import { type Fail, quoteText } from "./failure.ts";

export type TokenKind = "string" | "number" | "word" | "op" | "(" | ")" | "[" | "]" | "," | "end";

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for error messages). */
  text: string;
  /** 1-based column of the first character. */
  column: number;
  /** Decoded string contents, number value as text, or the word itself. */
  value: string;
  /** For strings: the quote character used. */
  quote?: '"' | "'";
  /** For words: the key path segments (numbers for `[n]` indexes). */
  path?: (string | number)[];
}

const OPERATORS = new Set(["==", "=", "!=", ">", ">=", "<", "<=", ">-", "<-"]);
const OPERATOR_CHARS = "=!<>&|~^%*/+";
const HYPHEN_HINT = "TaskRouter does not support hyphens in expressions; quote values that contain them";

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const UNICODE_SPACE = /\s/u;
const UNICODE_KEY_CHAR = /[\p{L}\p{N}\p{M}]/u;
const isSpace = (c: string): boolean =>
  c === " " || c === "\t" || c === "\n" || c === "\r" || (c > "\u007f" && UNICODE_SPACE.test(c));
/** Characters allowed in a key segment: ASCII letters, digits, `_`, `$`, and non-ASCII letters/digits. */
function isKeyChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || isDigit(c) || c === "_" || c === "$") return true;
  return c > "\u007f" && UNICODE_KEY_CHAR.test(c);
}
const isKeyStart = (c: string | undefined): boolean => isKeyChar(c) && !isDigit(c);

export function tokenize(src: string, fail: Fail): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    const column = i + 1;
    if (c === "(" || c === ")" || c === "[" || c === "]" || c === ",") {
      tokens.push({ kind: c, text: c, column, value: c });
      i++;
    } else if (c === '"' || c === "'") {
      i = readString(src, i, tokens, fail);
    } else if (
      isDigit(c) ||
      (c === "-" && (isDigit(src[i + 1]) || (src[i + 1] === "." && isDigit(src[i + 2])))) ||
      (c === "." && isDigit(src[i + 1]))
    ) {
      i = readNumber(src, i, tokens, fail);
    } else if (isKeyStart(c)) {
      i = readWord(src, i, tokens, fail);
    } else if (OPERATOR_CHARS.includes(c)) {
      let j = i;
      while (j < n && OPERATOR_CHARS.includes(src[j] as string)) j++;
      let text = src.slice(i, j);
      // `>-` / `<-` alias HAS / IN, except before a number: `level>-1` is `level > -1`.
      if ((text === ">" || text === "<") && src[j] === "-" && !isDigit(src[j + 1]) && src[j + 1] !== ".") {
        text += "-";
        j++;
      }
      if (!OPERATORS.has(text)) {
        const hint = text === "&&" || text === "||" ? "use AND / OR" : undefined;
        fail(
          `Unknown operator ${quoteText(text)}`,
          column,
          "one of ==, =, !=, >, >=, <, <=, CONTAINS, HAS, >-, IN, <-, NOT IN",
          hint,
        );
      }
      tokens.push({ kind: "op", text, column, value: text });
      i = j;
    } else if (c === "-") {
      fail("Unexpected '-'", column, "a value", HYPHEN_HINT);
    } else {
      fail(
        `Unexpected character ${JSON.stringify(c)}`,
        column,
        "a key, a value, an operator or a parenthesis",
      );
    }
    if (i === start) i++; // defensive: never loop without progress
  }
  tokens.push({ kind: "end", text: "", column: n + 1, value: "" });
  return tokens;
}

const ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function readString(src: string, start: number, out: Token[], fail: Fail): number {
  const quote = src[start] as '"' | "'";
  let value = "";
  let i = start + 1;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === quote) {
      out.push({ kind: "string", text: src.slice(start, i + 1), column: start + 1, value, quote });
      return i + 1;
    }
    if (c === "\\") {
      const e = src[i + 1];
      if (e === undefined) break;
      if (e === "u") {
        const hex = src.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex))
          fail("Invalid \\u escape", i + 1, "four hexadecimal digits after \\u");
        value += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
        continue;
      }
      value += ESCAPES[e] ?? e;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return fail("Unterminated string", start + 1, `a closing ${quote}`);
}

function readNumber(src: string, start: number, out: Token[], fail: Fail): number {
  let i = start;
  if (src[i] === "-") i++;
  while (isDigit(src[i])) i++;
  if (src[i] === "." && isDigit(src[i + 1])) {
    i++;
    while (isDigit(src[i])) i++;
  }
  if (
    (src[i] === "e" || src[i] === "E") &&
    (isDigit(src[i + 1]) || ((src[i + 1] === "+" || src[i + 1] === "-") && isDigit(src[i + 2])))
  ) {
    i += 2;
    while (isDigit(src[i])) i++;
  }
  if (isKeyChar(src[i]) || src[i] === ".") {
    fail(
      `Invalid number ${quoteText(src.slice(start, i + 1))}`,
      start + 1,
      "a number or a key starting with a letter",
    );
  }
  if (src[i] === "-") fail("Unexpected '-'", i + 1, "an operator", HYPHEN_HINT);
  const text = src.slice(start, i);
  out.push({ kind: "number", text, column: start + 1, value: text });
  return i;
}

/** A key path: segment ( '.' segment | '[' digits ']' )*. A hyphen glued to a key is the classic mistake. */
function readWord(src: string, start: number, out: Token[], fail: Fail): number {
  const path: (string | number)[] = [];
  let i = start;
  let seg = i;
  while (isKeyChar(src[i])) i++;
  path.push(src.slice(seg, i));
  for (;;) {
    if (src[i] === "." && isKeyChar(src[i + 1])) {
      seg = ++i;
      while (isKeyChar(src[i])) i++;
      path.push(src.slice(seg, i));
    } else if (src[i] === ".") {
      fail("Unexpected '.'", i + 1, "a key segment after '.'");
    } else if (src[i] === "[" && isDigit(src[i + 1])) {
      seg = ++i;
      while (isDigit(src[i])) i++;
      if (src[i] !== "]") fail(`Unexpected ${describeChar(src[i])}`, i + 1, "']' to close the array index");
      const index = Number(src.slice(seg, i));
      if (!Number.isSafeInteger(index)) fail("Array index too large", seg + 1, "a smaller array index");
      path.push(index);
      i++;
    } else break;
  }
  if (src[i] === "-") fail("Unexpected '-'", i + 1, "an operator", HYPHEN_HINT);
  const text = src.slice(start, i);
  out.push({ kind: "word", text, column: start + 1, value: text, path });
  return i;
}

export function describeChar(c: string | undefined): string {
  return c === undefined ? "end of input" : `'${c}'`;
}
