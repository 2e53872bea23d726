/**
 * TwiML documents read with a real XML parser (fast-xml-parser, order preserved) into a small tree:
 * `<Response>` and its verbs, each with its attributes, its text and its nested nouns
 * (`<Enqueue><Task>…</Task></Enqueue>`). Entities are decoded (`&quot;` in a Task's JSON).
 * A document that is not well-formed XML, or whose root is not `<Response>`, is Twilio's error 12100
 * ("Document parse failure"), with the parser's line and column.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { VoiceError } from "./voice-errors.ts";

export interface TwimlNode {
  name: string;
  attributes: Record<string, string>;
  /** The node's own text, trimmed (the words of <Say>, the URL of <Play>, the JSON of <Task>). */
  text: string;
  children: TwimlNode[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type Ordered = Record<string, unknown>;

export function parseTwiml(xml: string): TwimlNode[] {
  const checked = XMLValidator.validate(xml);
  if (checked !== true) {
    const { msg, line, col } = checked.err;
    throw new VoiceError(12100, `Document parse failure: ${msg} (line ${line}, column ${col})`);
  }
  const roots = toNodes(parser.parse(xml) as unknown);
  const response = roots.find((node) => node.name === "Response");
  if (response === undefined) {
    const found = roots.map((n) => `<${n.name}>`).join(", ") || "nothing";
    throw new VoiceError(
      12100,
      `Document parse failure: the root element must be <Response>, found ${found}`,
    );
  }
  return response.children;
}

function toNodes(list: unknown): TwimlNode[] {
  if (!Array.isArray(list)) return [];
  const nodes: TwimlNode[] = [];
  for (const entry of list as Ordered[]) {
    const name = Object.keys(entry).find((key) => key !== ":@");
    if (name === undefined || name === "#text" || name.startsWith("?")) continue;
    const body = entry[name];
    const attributes: Record<string, string> = {};
    const raw = entry[":@"];
    if (raw !== null && typeof raw === "object") {
      for (const [key, value] of Object.entries(raw)) attributes[key] = String(value);
    }
    const parts = Array.isArray(body) ? (body as Ordered[]) : [];
    const text = parts
      .map((part) => part["#text"])
      .filter((value) => value !== undefined)
      .map(String)
      .join(" ")
      .trim();
    nodes.push({ name, attributes, text, children: toNodes(parts) });
  }
  return nodes;
}
