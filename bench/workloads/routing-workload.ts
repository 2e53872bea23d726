/**
 * The routing workload shared by the engine, scaling and scale suites, generated from a seed:
 *
 * - workers: 2-5 skills of 12, English for most plus 0-2 other languages of 8, level 1-5, one of 6
 *   departments, one of 4 regions; 75% Available, the rest Offline; capacity 1 on the default channel.
 * - queues: the workflow's own queues first, then `skills HAS "x" AND languages HAS "y"`-style
 *   TargetWorkers (some with `AND level >= k`, `AND region == "r"`, or `department == "d"`) up to the
 *   queue count. Membership is a few percent of the workers per queue, like a real contact centre.
 * - one workflow with several filters (task type + language), each with 2-3 targets: a senior queue
 *   with a target expression (`worker.level >= task.min_level`) and a timeout, then broader queues;
 *   a default filter to an "everyone" queue.
 * - tasks: attributes that match one of the filters (90%) or none (10%, default filter).
 */
import type { JsonObject } from "../../src/domain/entities.ts";
import { Seeded } from "./seeded.ts";

export const SKILLS = [
  "support",
  "billing",
  "sales",
  "technical",
  "returns",
  "shipping",
  "fraud",
  "onboarding",
  "retention",
  "vip",
  "api",
  "hardware",
] as const;
export const LANGUAGES = [
  "english",
  "spanish",
  "french",
  "german",
  "portuguese",
  "italian",
  "dutch",
  "japanese",
] as const;
export const DEPARTMENTS = ["care", "finance", "growth", "engineering", "logistics", "trust"] as const;
export const REGIONS = ["emea", "amer", "apac", "latam"] as const;

export interface QueueSpec {
  name: string;
  targetWorkers: string;
}

export interface WorkloadSpec {
  workers: { name: string; attrs: JsonObject; available: boolean }[];
  queues: QueueSpec[];
  /** Workflow configuration with queue NAMES in place of SIDs (`queue: "@name"`). */
  workflow: { filters: FilterSpec[]; defaultQueue: string };
  /** Task attribute documents, cycled through by the suites. */
  tasks: JsonObject[];
}

export interface FilterSpec {
  name: string;
  expression: string;
  targets: { queue: string; expression?: string; timeout?: number; priority?: number }[];
}

/** (task type, language) pairs the workflow has filters for. */
const ROUTES: [string, string][] = [
  ["support", "english"],
  ["billing", "english"],
  ["sales", "spanish"],
  ["technical", "english"],
  ["returns", "french"],
  ["fraud", "german"],
  ["vip", "english"],
  ["shipping", "spanish"],
];

export function generateWorkload(opts: { workers: number; queues: number; tasks?: number; seed?: number }) {
  const rng = new Seeded(opts.seed ?? 20240611);
  const workers = Array.from({ length: opts.workers }, (_, i) => {
    const languages = rng.next() < 0.8 ? ["english"] : [];
    for (const l of rng.sample(LANGUAGES.slice(1), rng.int(3))) languages.push(l);
    if (languages.length === 0) languages.push(rng.pick(LANGUAGES));
    const attrs: JsonObject = {
      skills: rng.sample(SKILLS, 2 + rng.int(4)),
      languages,
      level: 1 + rng.int(5),
      department: rng.pick(DEPARTMENTS),
      region: rng.pick(REGIONS),
      email: `agent${i}@example.com`,
    };
    return { name: `agent-${i}`, attrs, available: rng.next() < 0.75 };
  });

  const queues: QueueSpec[] = [];
  const filters: FilterSpec[] = [];
  for (const [skill, language] of ROUTES) {
    const senior = `${skill}-${language}-senior`;
    const team = `${skill}-${language}`;
    const broad = `${skill}-any`;
    queues.push(
      { name: senior, targetWorkers: `skills HAS "${skill}" AND languages HAS "${language}" AND level >= 3` },
      { name: team, targetWorkers: `skills HAS "${skill}" AND languages HAS "${language}"` },
      { name: broad, targetWorkers: `skills HAS "${skill}"` },
    );
    filters.push({
      name: `${skill} in ${language}`,
      expression: `type == "${skill}" AND language == "${language}"`,
      targets: [
        { queue: senior, expression: "worker.level >= task.min_level", timeout: 30, priority: 5 },
        { queue: team, timeout: 60 },
        { queue: broad },
      ],
    });
  }
  queues.push({ name: "everyone", targetWorkers: "1 == 1" });
  for (let i = queues.length; i < opts.queues; i++) {
    const skill = rng.pick(SKILLS);
    const language = rng.pick(LANGUAGES);
    const shape = rng.next();
    const targetWorkers =
      shape < 0.55
        ? `skills HAS "${skill}" AND languages HAS "${language}"`
        : shape < 0.75
          ? `skills HAS "${skill}" AND languages HAS "${language}" AND level >= ${1 + rng.int(5)}`
          : shape < 0.9
            ? `skills HAS "${skill}" AND languages HAS "${language}" AND region == "${rng.pick(REGIONS)}"`
            : `department == "${rng.pick(DEPARTMENTS)}" AND skills HAS "${skill}"`;
    queues.push({ name: `q${i}-${skill}-${language}`, targetWorkers });
  }
  queues.length = Math.max(Math.min(queues.length, opts.queues), ROUTES.length * 3 + 1);

  const tasks = Array.from({ length: opts.tasks ?? 4096 }, (_, i): JsonObject => {
    const route = rng.next() < 0.9 ? rng.pick(ROUTES) : null;
    return {
      type: route ? route[0] : "other",
      language: route ? route[1] : rng.pick(LANGUAGES),
      min_level: 1 + rng.int(4),
      customer: { id: `C${i}`, tier: rng.pick(["bronze", "silver", "gold"]) },
    };
  });
  return { workers, queues, workflow: { filters, defaultQueue: "everyone" }, tasks } satisfies WorkloadSpec;
}

/** The workflow configuration document, with queue names resolved to SIDs. */
export function workflowConfiguration(spec: WorkloadSpec, sidOf: (queue: string) => string): string {
  return JSON.stringify({
    task_routing: {
      filters: spec.workflow.filters.map((f) => ({
        filter_friendly_name: f.name,
        expression: f.expression,
        targets: f.targets.map((t) => ({
          queue: sidOf(t.queue),
          ...(t.expression ? { expression: t.expression } : {}),
          ...(t.timeout ? { timeout: t.timeout } : {}),
          ...(t.priority ? { priority: t.priority } : {}),
        })),
      })),
      default_filter: { queue: sidOf(spec.workflow.defaultQueue) },
    },
  });
}
