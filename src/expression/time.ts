/**
 * TaskRouter's time-of-day variables, computed in UTC from `env.now` (epoch ms). Without `now`
 * they are NULL. `currentTime` is an integer HHMM (09:05 → 905); `currentHour` and `currentMin`
 * are two-digit strings ("09", "05") that still compare numerically with numbers; `dayOfWeek` is
 * Mon..Sun. Arithmetic only: the expression layer never reads the wall clock.
 */
import type { JsonValue } from "../domain/entities.ts";

export interface EvaluationEnv {
  /** Epoch milliseconds used for the taskrouter.* time variables (UTC). */
  now?: number;
}

const DAY_MS = 86_400_000;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

type TimeVariable = (now: number) => JsonValue;

const minuteOfDay = (now: number): number => Math.floor((now - Math.floor(now / DAY_MS) * DAY_MS) / 60_000);
const twoDigits = (n: number): string => (n < 10 ? `0${n}` : String(n));

const VARIABLES: Record<string, TimeVariable> = {
  currentTime: (now) => {
    const m = minuteOfDay(now);
    return Math.floor(m / 60) * 100 + (m % 60);
  },
  currentHour: (now) => twoDigits(Math.floor(minuteOfDay(now) / 60)),
  currentMin: (now) => twoDigits(minuteOfDay(now) % 60),
  // 1970-01-01 was a Thursday (index 4).
  dayOfWeek: (now) => DAYS[(((Math.floor(now / DAY_MS) + 4) % 7) + 7) % 7] as string,
};

export const TIME_VARIABLE_NAMES = Object.keys(VARIABLES);

/** A reader for `taskrouter.<name>`, or undefined when the name is not a known variable. */
export function timeVariable(name: string): ((env: EvaluationEnv | undefined) => JsonValue) | undefined {
  if (!Object.hasOwn(VARIABLES, name)) return undefined;
  const read = VARIABLES[name] as TimeVariable;
  return (env) => {
    const now = env?.now;
    return typeof now === "number" && Number.isFinite(now) ? read(now) : null;
  };
}
