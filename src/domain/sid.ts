/**
 * TaskRouter SIDs: two-letter prefix + 32 lower-case hex digits.
 * SID creation is a port so the core stays deterministic: tests inject a sequential source.
 */
import { randomFillSync } from "node:crypto";

export const SidPrefix = {
  account: "AC",
  apiKey: "SK",
  workspace: "WS",
  activity: "WA",
  taskChannel: "TC",
  worker: "WK",
  workerChannel: "WC",
  taskQueue: "WQ",
  workflow: "WW",
  task: "WT",
  reservation: "WR",
  transfer: "TT",
  event: "EV",
} as const;

export type SidPrefixValue = (typeof SidPrefix)[keyof typeof SidPrefix];

export interface SidSource {
  next(prefix: SidPrefixValue): string;
}

const SID_PATTERN = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

export function isSid(value: string, prefix?: string): boolean {
  return SID_PATTERN.test(value) && (prefix === undefined || value.startsWith(prefix));
}

/** 128 random bits as 32 hex digits, from a pool refilled 256 at a time (one syscall, not one per SID). */
const POOL = Buffer.alloc(16 * 256);
let poolAt = POOL.length;
export function randomHex128(): string {
  if (poolAt === POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  poolAt += 16;
  return POOL.toString("hex", poolAt - 16, poolAt);
}

/** Random SIDs for production. */
export const randomSids: SidSource = {
  next(prefix) {
    return prefix + randomHex128();
  },
};

/** Predictable SIDs for tests: WK00000000000000000000000000000001, ... */
export function sequentialSids(): SidSource {
  let n = 0;
  return {
    next(prefix) {
      n += 1;
      return prefix + n.toString(16).padStart(32, "0");
    },
  };
}
