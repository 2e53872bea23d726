/**
 * `tasklane demo` (`npm run demo`): applies the bundled contact-centre Workspace (demo/
 * contact-centre.yaml) and prints the seven variables the seed's handlers read, as `.env` lines on
 * stdout (everything else there is a `#` comment, so `npx tasklane demo >> .env` works). Running it
 * again finds the same Workspace by name and changes only what drifted from the file.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { JsonObject } from "../domain/entities.ts";
import { parseWorkspaceFile } from "../workspace-file/read-file.ts";
import { parseApiArgs } from "./args.ts";
import { connect } from "./connection.ts";
import type { Output } from "./keys.ts";
import { applyParsed, UsageError } from "./workspace-commands.ts";

export const DEMO_FILE = fileURLToPath(new URL("./demo/contact-centre.yaml", import.meta.url));

const ACTIVITY_VARIABLES: [string, string][] = [
  ["ACTIVITY_AVAILABLE_SID", "Available"],
  ["ACTIVITY_OFFLINE_SID", "Offline"],
  ["ACTIVITY_BREAK_SID", "Break"],
  ["ACTIVITY_BUSY_SID", "Busy"],
  ["AFTER_CALL_ACTIVITY_SID", "After Call Work"],
];

function sidNamed(items: JsonObject[], name: string, what: string): string {
  const found = items.find((i) => i.friendly_name === name);
  if (found === undefined) throw new Error(`the demo Workspace has no ${what} "${name}"`);
  return String(found.sid);
}

export async function demoCommand(argv: string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  const args = parseApiArgs(argv);
  if (args.positionals.length > 0) throw new UsageError("usage: tasklane demo [--url URL]");
  const parsed = parseWorkspaceFile(DEMO_FILE, readFileSync(DEMO_FILE, "utf8"));
  // Apply's report goes to stderr: stdout stays a valid .env file.
  const log: Output = { out: io.err, err: io.err };
  const result = await applyParsed(parsed, { url: args.url, prune: false }, env, log);
  if (result === null) return 1;
  const { client } = await connect(args.url, env);
  const base = `/v1/Workspaces/${result.workspaceSid}`;
  const [activities, workflows] = await Promise.all([
    client.list(`${base}/Activities?PageSize=1000`, "activities"),
    client.list(`${base}/Workflows?PageSize=1000`, "workflows"),
  ]);
  const workflowName = parsed.spec.workflows?.[0]?.friendly_name ?? "";
  const workflowSid = sidNamed(workflows, workflowName, "Workflow");
  const name = parsed.spec.workspace.friendly_name;
  io.out(`# Tasklane demo: Workspace "${name}" on ${client.baseUrl}. Paste into .env:`);
  io.out(`TWILIO_TASKROUTER_WORKSPACE_SID=${result.workspaceSid}`);
  io.out(`TWILIO_TASKROUTER_WORKFLOW_SID=${workflowSid}`);
  for (const [variable, activity] of ACTIVITY_VARIABLES)
    io.out(`${variable}=${sidNamed(activities, activity, "Activity")}`);
  io.out(`#
# Try next:
#  1. Create a task; Alice or Bob (Available, skill "english") gets a reservation:
#       curl -u "$TASKLANE_ACCOUNT_SID:$TASKLANE_AUTH_TOKEN" ${client.baseUrl}${base}/Tasks \\
#         --data-urlencode WorkflowSid=${workflowSid} \\
#         --data-urlencode 'Attributes={"type":"support","language":"english"}'
#     or run the seed's handlers with these variables (context.getTwilioClient() pointed at Tasklane).
#  2. A Spanish task ('{"language":"spanish"}') waits for Bob or Carmen (Offline: set her Available
#     with ActivitySid=$ACTIVITY_AVAILABLE_SID) and escalates to English after 120 s.
#  3. Why is a task waiting? GET ${client.baseUrl}/tasklane${base}/Tasks/<WT…>/Explanation (docs/diagnostics.md).
#  4. Make it yours: tasklane export "${name}" -o workspace.yaml, edit it,
#     then tasklane plan workspace.yaml and tasklane apply workspace.yaml (docs/config.md).`);
  return 0;
}
