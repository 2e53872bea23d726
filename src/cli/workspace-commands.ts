/**
 * `tasklane plan <file>`, `tasklane apply <file>`, `tasklane export <WS… or name> [-o file]` and
 * `tasklane schema`: config as code over the public REST API (src/workspace-file does the work).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { ApiError } from "../workspace-file/api.ts";
import { ApplyError, type ApplyResult, applyFile } from "../workspace-file/apply.ts";
import { exportWorkspace } from "../workspace-file/export.ts";
import { makePlan } from "../workspace-file/plan.ts";
import { type ParsedFile, parseWorkspaceFile } from "../workspace-file/read-file.ts";
import { findWorkspace, readRemote } from "../workspace-file/remote.ts";
import { countChanges, renderPlan } from "../workspace-file/render.ts";
import { WORKSPACE_FILE_SCHEMA } from "../workspace-file/schema.ts";
import { WorkspaceFileError } from "../workspace-file/source.ts";
import { type ApiArgs, parseApiArgs } from "./args.ts";
import { connect } from "./connection.ts";
import type { Output } from "./keys.ts";
import { progressBar } from "./progress.ts";

function readFile(file: string): ParsedFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseWorkspaceFile(file, text);
}

function oneFile(args: ApiArgs, command: string): string {
  const [file, ...rest] = args.positionals;
  if (file === undefined || rest.length > 0)
    throw new UsageError(`usage: tasklane ${command} <file> [--prune] [--url URL]`);
  return file;
}

export class UsageError extends Error {}

export async function planCommand(argv: string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  const args = parseApiArgs(argv);
  const file = oneFile(args, "plan");
  const parsed = readFile(file);
  const { client } = await connect(args.url, env);
  const settings = await findWorkspace(client, parsed.spec.workspace.friendly_name);
  const bar = progressBar("reading workers");
  const remote =
    settings === null
      ? null
      : await readRemote(client, settings, {
          workers: parsed.spec.workers !== undefined,
          progress: (d, t) => bar.update(d, t),
        });
  bar.finish();
  const plan = makePlan({ ...parsed, remote, prune: args.prune });
  if (plan.problems.length > 0) throw new WorkspaceFileError(file, plan.problems);
  io.out(renderPlan(plan, file));
  return 0;
}

export async function applyCommand(argv: string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  const args = parseApiArgs(argv);
  const file = oneFile(args, "apply");
  const result = await applyParsed(readFile(file), args, env, io);
  return result === null ? 1 : 0;
}

/** Applies and reports; shared with `tasklane demo`. */
export async function applyParsed(
  parsed: ParsedFile,
  args: Pick<ApiArgs, "url" | "prune">,
  env: NodeJS.ProcessEnv,
  io: Output,
): Promise<ApplyResult | null> {
  const { client } = await connect(args.url, env);
  const reading = progressBar("reading workers");
  const bar = progressBar("applying");
  let result: ApplyResult;
  try {
    result = await applyFile(client, parsed, {
      prune: args.prune,
      reading: (d, t) => reading.update(d, t),
      progress: (d, t) => {
        if (d === 1) reading.finish();
        bar.update(d, t);
      },
    });
  } catch (error) {
    reading.finish();
    bar.finish();
    if (error instanceof ApplyError) {
      io.err(`tasklane apply: ${error.message}`);
      io.err(
        `${error.done} change(s) were made before that; run \`tasklane plan ${parsed.source.file}\` to see what is left.`,
      );
      return null;
    }
    throw error;
  }
  bar.finish();
  const n = countChanges(result.plan);
  const name = JSON.stringify(parsed.spec.workspace.friendly_name);
  if (result.createdWorkspace) io.out(`Created Workspace ${name} ${result.workspaceSid}.`);
  if (result.plan.changes.length === 0 && !result.createdWorkspace)
    io.out(`No changes: Workspace ${name} ${result.workspaceSid} already matches ${parsed.source.file}.`);
  else {
    io.out(renderPlan({ ...result.plan, workspaceSid: result.workspaceSid }, parsed.source.file));
    io.out(`Applied: ${n.create} created, ${n.update} updated, ${n.delete} deleted.`);
  }
  return result;
}

export async function exportCommand(argv: string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  const args = parseApiArgs(argv);
  const [target, ...rest] = args.positionals;
  if (target === undefined || rest.length > 0 || args.prune)
    throw new UsageError(
      "usage: tasklane export <WS… or friendly name> [-o file] [--no-workers] [--url URL]",
    );
  const { client } = await connect(args.url, env);
  const settings = await findWorkspace(client, target);
  if (settings === null) {
    io.err(`tasklane export: no Workspace ${JSON.stringify(target)} on ${client.baseUrl}`);
    return 1;
  }
  const bar = progressBar("reading workers");
  const remote = await readRemote(client, settings, {
    workers: args.workers,
    progress: (d, t) => bar.update(d, t),
  });
  bar.finish();
  const text = exportWorkspace(remote, { workers: args.workers });
  if (args.output === undefined) process.stdout.write(text);
  else {
    writeFileSync(args.output, text);
    io.err(`Wrote ${args.output}: Workspace ${JSON.stringify(String(settings.friendly_name))} ${remote.sid}`);
  }
  return 0;
}

export function schemaCommand(io: Output): number {
  io.out(JSON.stringify(WORKSPACE_FILE_SCHEMA, null, 2));
  return 0;
}

/** The error text the API commands print (file problems as `file:line:col: …`). */
export function describeFailure(command: string, error: unknown): string {
  if (error instanceof WorkspaceFileError) return error.message;
  if (error instanceof ApiError) return `tasklane ${command}: ${error.describe()}`;
  return `tasklane ${command}: ${error instanceof Error ? error.message : String(error)}`;
}
