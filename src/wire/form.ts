/**
 * Twilio's parameter encoding, for form bodies and query strings alike: `application/x-www-form-
 * urlencoded`, percent-encoding per RFC 3986 (`%20`; a `+` is also read as a space, as HTML forms
 * send it), and a repeated key meaning a list (`AssignmentStatus=pending&AssignmentStatus=reserved`).
 */
export type RawParams = Record<string, string | string[]>;

export function parseParams(text: string): RawParams {
  const out: RawParams = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

/** Encodes parameters the way Twilio's SDKs do (RFC 3986, repeated keys), for URLs we return. */
export function encodeParams(
  params: Record<string, string | number | readonly string[] | undefined>,
): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [String(value)];
    for (const v of values) parts.push(`${encodeRfc3986(key)}=${encodeRfc3986(v)}`);
  }
  return parts.join("&");
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
