/**
 * Where callbacks may go (TASKLANE_CALLBACK_TARGETS, docs/security.md#callbacks).
 *
 *   allow-all (default, as TaskRouter): any http(s) URL, except what TASKLANE_CALLBACK_DENY names.
 *   public-only: also refuses every address that is not public: loopback, unspecified, link-local
 *     (169.254.0.0/16 with the cloud metadata address, fe80::/10), private (10/8, 172.16/12,
 *     192.168/16, 100.64/10, fc00::/7 unique-local), multicast, documentation and reserved ranges,
 *     unless TASKLANE_CALLBACK_ALLOW names the host or the address.
 *
 * Lists are comma-separated hosts (`hooks.internal`, `*.corp.example` for any subdomain) and
 * addresses or CIDRs (`10.1.2.3`, `10.1.0.0/16`, `fd00::/8`). Deny wins over allow. The check runs on
 * the URL's host and then on EVERY address it resolves to, at connection time (the connection uses
 * the checked address, so a name cannot resolve to something else between check and connect); one
 * blocked address blocks the request.
 */
import { BlockList, isIP } from "node:net";
import type { Env } from "../../config/config.ts";
import { ConfigError } from "../../config/config-error.ts";

export type TargetMode = "allow-all" | "public-only";

interface Rules {
  hosts: Set<string>;
  /** Suffixes from `*.example.com` entries, with the leading dot. */
  suffixes: string[];
  addresses: BlockList;
  empty: boolean;
}

export interface TargetPolicy {
  mode: TargetMode;
  allow: Rules;
  deny: Rules;
}

type Family = "ipv4" | "ipv6";

/** The non-public classes public-only refuses, each with its ranges. */
const CLASSES: Array<[string, Array<[string, number, Family]>]> = [
  [
    "loopback",
    [
      ["127.0.0.0", 8, "ipv4"],
      ["::1", 128, "ipv6"],
    ],
  ],
  [
    "unspecified",
    [
      ["0.0.0.0", 8, "ipv4"],
      ["::", 128, "ipv6"],
    ],
  ],
  [
    "link-local",
    [
      ["169.254.0.0", 16, "ipv4"],
      ["fe80::", 10, "ipv6"],
    ],
  ],
  [
    "private",
    [
      ["10.0.0.0", 8, "ipv4"],
      ["172.16.0.0", 12, "ipv4"],
      ["192.168.0.0", 16, "ipv4"],
      ["100.64.0.0", 10, "ipv4"],
      ["fc00::", 7, "ipv6"],
    ],
  ],
  [
    "reserved",
    [
      ["192.0.0.0", 24, "ipv4"],
      ["192.0.2.0", 24, "ipv4"],
      ["198.18.0.0", 15, "ipv4"],
      ["198.51.100.0", 24, "ipv4"],
      ["203.0.113.0", 24, "ipv4"],
      ["224.0.0.0", 4, "ipv4"],
      ["240.0.0.0", 4, "ipv4"],
      ["2001:db8::", 32, "ipv6"],
      ["ff00::", 8, "ipv6"],
    ],
  ],
];

const NON_PUBLIC: Array<[string, BlockList]> = CLASSES.map(([name, ranges]) => {
  const list = new BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return [name, list];
});

export const ALLOW_ALL: TargetPolicy = { mode: "allow-all", allow: emptyRules(), deny: emptyRules() };

export function loadTargetPolicy(env: Env): TargetPolicy {
  const raw = env.TASKLANE_CALLBACK_TARGETS?.trim() || "allow-all";
  if (raw !== "allow-all" && raw !== "public-only") {
    throw new ConfigError("TASKLANE_CALLBACK_TARGETS", `expected allow-all or public-only, got "${raw}"`);
  }
  return {
    mode: raw,
    allow: parseRules("TASKLANE_CALLBACK_ALLOW", env.TASKLANE_CALLBACK_ALLOW),
    deny: parseRules("TASKLANE_CALLBACK_DENY", env.TASKLANE_CALLBACK_DENY),
  };
}

/** Why a request to `host` is refused before any lookup, or null. */
export function blockedHost(policy: TargetPolicy, host: string): string | null {
  const name = bare(host);
  if (matchesHost(policy.deny, name)) return "host denied by TASKLANE_CALLBACK_DENY";
  return isIP(name) === 0 ? null : blockedAddress(policy, name, name);
}

/** Why connecting to `address` (resolved from `host`) is refused, or null. */
export function blockedAddress(policy: TargetPolicy, host: string, address: string): string | null {
  const name = bare(host);
  const family = familyOf(address);
  if (family === null) return null;
  if (matchesHost(policy.deny, name) || policy.deny.addresses.check(address, family))
    return "address denied by TASKLANE_CALLBACK_DENY";
  if (policy.mode === "allow-all") return null;
  if (matchesHost(policy.allow, name) || policy.allow.addresses.check(address, family)) return null;
  for (const [label, list] of NON_PUBLIC) {
    if (list.check(address, family))
      return `${label} address refused by TASKLANE_CALLBACK_TARGETS=public-only`;
  }
  return null;
}

/** True when neither the mode nor the lists can refuse anything (the lookup hook is skipped). */
export function allowsEverything(policy: TargetPolicy): boolean {
  return policy.mode === "allow-all" && policy.deny.empty;
}

function parseRules(variable: string, raw: string | undefined): Rules {
  const rules = emptyRules();
  for (const item of (raw ?? "").split(",").map((part) => part.trim().toLowerCase())) {
    if (item === "") continue;
    rules.empty = false;
    const [address, prefixText, extra] = item.split("/");
    const family = familyOf(address ?? "");
    if (family !== null && extra === undefined) {
      const max = family === "ipv4" ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max)
        throw new ConfigError(variable, `"${item}": expected a prefix length 0..${max}`);
      rules.addresses.addSubnet(address ?? "", prefix, family);
    } else if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(item)) {
      if (item.startsWith("*.")) rules.suffixes.push(item.slice(1));
      else rules.hosts.add(item);
    } else {
      throw new ConfigError(variable, `"${item}": expected a host name, *.domain, an IP address or a CIDR`);
    }
  }
  return rules;
}

function emptyRules(): Rules {
  return { hosts: new Set(), suffixes: [], addresses: new BlockList(), empty: true };
}

function matchesHost(rules: Rules, name: string): boolean {
  if (rules.hosts.has(name)) return true;
  return rules.suffixes.some((suffix) => name.endsWith(suffix));
}

/** URL hostnames keep IPv6 brackets and may end with a dot. */
function bare(host: string): string {
  return host
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
}

function familyOf(address: string): Family | null {
  const version = isIP(address);
  return version === 4 ? "ipv4" : version === 6 ? "ipv6" : null;
}
