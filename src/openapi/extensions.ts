/**
 * The paths Tasklane serves beyond TaskRouter v1's spec: Twilio's API Keys resource (as the `twilio`
 * SDK calls it), Tasklane's own /tasklane/v1 extensions, health and this document. Each operation
 * lists its parameters as the handler reads them (src/api/resources, src/gateway/http).
 */
import type { Json } from "./convert.ts";

type Param = { name: string; in: "path" | "query"; required?: boolean; description: string };
type Field = {
  name: string;
  description: string;
  type?: "string" | "integer" | "boolean";
  required?: boolean;
};

function op(
  summary: string,
  options: { params?: Param[]; form?: Field[]; public?: boolean; tag: string },
): Json {
  const operation: { [key: string]: Json } = {
    summary,
    tags: [options.tag],
    responses: { "200": { description: "OK" }, default: { $ref: "#/components/responses/TasklaneError" } },
  };
  if (options.params)
    operation.parameters = options.params.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.in === "path" || p.required === true,
      description: p.description,
      schema: { type: "string" },
    }));
  if (options.form) {
    const properties: { [key: string]: Json } = {};
    for (const f of options.form)
      properties[f.name] = { type: f.type ?? "string", description: f.description };
    const required = options.form.filter((f) => f.required).map((f) => f.name);
    operation.requestBody = {
      content: {
        "application/x-www-form-urlencoded": {
          schema: { type: "object", properties, ...(required.length > 0 ? { required } : {}) },
        },
      },
    };
  }
  if (options.public) operation.security = [];
  return operation;
}

const ws: Param = { name: "WorkspaceSid", in: "path", description: "The Workspace SID (WS…)." };
const account: Param = { name: "AccountSid", in: "path", description: "The Account SID (AC…)." };
const keySid: Param = { name: "Sid", in: "path", description: "The API key SID (SK…)." };
const keyForm: Field[] = [{ name: "FriendlyName", description: "A name for the key, up to 64 characters." }];

/** The workspace chores (docs/operations.md), also accepted by CreateWorkspace and UpdateWorkspace. */
export const choreForm: Field[] = [
  {
    name: "TasklaneMaxAssigned",
    description: "Seconds after acceptance before an assigned task is flagged (empty: off).",
    type: "integer",
  },
  { name: "TasklaneMaxAssignedAction", description: "flag (default), complete or cancel." },
  {
    name: "TasklaneChannelRules",
    description: 'JSON array of {"while": "chat", "block": ["voice"]} (empty: none).',
  },
];

/** The TaskChannel chore (docs/operations.md), accepted by CreateTaskChannel and UpdateTaskChannel. */
export const channelChoreForm: Field[] = [
  {
    name: "TasklaneWrapUpLimit",
    description: "Seconds a task of this channel may wrap before Tasklane completes it (empty: off).",
    type: "integer",
  },
];

/**
 * Tasklane's extension parameters on TaskRouter's own operations, added to the form schema Twilio's
 * spec gives them (path -> method -> fields).
 */
export const TASKLANE_PARAMETERS: { [path: string]: { post: Field[] } } = {
  "/v1/Workspaces": { post: choreForm },
  "/v1/Workspaces/{Sid}": { post: choreForm },
  "/v1/Workspaces/{WorkspaceSid}/TaskChannels": { post: channelChoreForm },
  "/v1/Workspaces/{WorkspaceSid}/TaskChannels/{Sid}": { post: channelChoreForm },
};

export function fieldSchema(f: Field): Json {
  return { type: f.type ?? "string", description: `Tasklane extension: ${f.description}` };
}

const callSid: Param = { name: "Sid", in: "path", description: "The call SID (CA…)." };
const conferenceSid: Param = { name: "ConferenceSid", in: "path", description: "The conference SID (CF…)." };

function callForm(): Field[] {
  return [
    { name: "To", description: "The dialled number.", required: true },
    { name: "From", description: "The caller's number.", required: true },
    { name: "Url", description: "The voice webhook Tasklane requests for TwiML." },
    { name: "Twiml", description: "TwiML to run instead of requesting Url." },
    { name: "Method", description: "GET or POST (default POST) for Url." },
    { name: "StatusCallback", description: "URL told when the call completes." },
    { name: "StatusCallbackMethod", description: "GET or POST for StatusCallback." },
  ];
}

function callUpdateForm(): Field[] {
  return [
    { name: "Status", description: "completed (or canceled): the caller hangs up." },
    { name: "Url", description: "New TwiML URL for the caller." },
    { name: "Method", description: "GET or POST for Url." },
    { name: "Twiml", description: "New TwiML for the caller." },
  ];
}

export const TASKLANE_PATHS: { [path: string]: Json } = {
  "/healthz": {
    get: op("Whether the server can serve writes now: 200, or 503 with the reason (no credentials).", {
      public: true,
      tag: "Tasklane",
    }),
  },
  "/readyz": {
    get: op("Readiness with the store's detail (adapter, writable, quarantined rows; no credentials).", {
      public: true,
      tag: "Tasklane",
    }),
  },
  "/openapi.json": {
    get: op("This document: every path Tasklane serves (no credentials needed).", {
      public: true,
      tag: "Tasklane",
    }),
  },
  "/metrics": {
    get: op("Prometheus metrics (docs/operations.md); credentials unless TASKLANE_METRICS_PUBLIC=1.", {
      tag: "Tasklane",
    }),
  },
  "/2010-04-01/Accounts/{AccountSid}/Keys.json": {
    get: op("List the account's API keys (Twilio's Keys resource).", { params: [account], tag: "Keys" }),
    post: op("Create an API key; the secret is in this answer only.", {
      params: [account],
      form: keyForm,
      tag: "Keys",
    }),
  },
  "/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json": {
    get: op("Fetch an API key (without its secret).", { params: [account, keySid], tag: "Keys" }),
    post: op("Rename an API key.", { params: [account, keySid], form: keyForm, tag: "Keys" }),
    delete: op("Revoke an API key.", { params: [account, keySid], tag: "Keys" }),
  },
  "/tasklane/v1/Calls": {
    post: op("Place a simulated inbound call: Tasklane requests Url and runs its TwiML (docs/voice.md).", {
      form: callForm(),
      tag: "Voice",
    }),
    get: op("The simulated calls, newest first.", { tag: "Voice" }),
  },
  "/tasklane/v1/Calls/{Sid}": {
    get: op("A simulated call: status and transcript.", { params: [callSid], tag: "Voice" }),
    post: op("Act on a call: Status=completed hangs up; Url or Twiml redirects it.", {
      params: [callSid],
      form: callUpdateForm(),
      tag: "Voice",
    }),
  },
  "/2010-04-01/Accounts/{AccountSid}/Calls.json": {
    post: op("Twilio's Calls API (client.calls.create): a simulated call.", {
      params: [account],
      form: callForm(),
      tag: "Voice",
    }),
    get: op("Twilio's Calls API: list the simulated calls.", { params: [account], tag: "Voice" }),
  },
  "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}": {
    get: op("Twilio's Calls API: fetch a call (Sid as CA…, or CA….json as the SDK sends it).", {
      params: [account, callSid],
      tag: "Voice",
    }),
    post: op("Twilio's Calls API: update a call (status, url, twiml).", {
      params: [account, callSid],
      form: callUpdateForm(),
      tag: "Voice",
    }),
  },
  "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}": {
    get: op("A simulated conference (CF…, optionally with .json).", {
      params: [account, conferenceSid],
      tag: "Voice",
    }),
  },
  "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json": {
    get: op("The conference's participants.", { params: [account, conferenceSid], tag: "Voice" }),
  },
  "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}": {
    post: op("Hold or mute a participant.", {
      params: [
        account,
        conferenceSid,
        { name: "CallSid", in: "path", description: "The participant's call SID." },
      ],
      form: [
        { name: "Hold", description: "true puts the participant on hold.", type: "boolean" },
        { name: "Muted", description: "true mutes the participant.", type: "boolean" },
      ],
      tag: "Voice",
    }),
    delete: op("Remove (kick) a participant from the conference.", {
      params: [
        account,
        conferenceSid,
        { name: "CallSid", in: "path", description: "The participant's call SID." },
      ],
      tag: "Voice",
    }),
  },
  "/tasklane/v1/Workspaces/{WorkspaceSid}/RecentActivity": {
    get: op("Per-minute counts of the last Minutes (1-60) and the event-stream position (docs/console.md).", {
      params: [
        ws,
        { name: "Minutes", in: "query", description: "How many minutes back (1-60, default 60)." },
      ],
      tag: "Tasklane",
    }),
  },
  "/": {
    get: op("Redirects to the console.", { public: true, tag: "Console" }),
  },
  "/console": {
    get: op("The browser console (docs/console.md).", { public: true, tag: "Console" }),
  },
  "/console/{path}": {
    get: op("The console's pages (client-side routes).", {
      params: [{ name: "path", in: "path", description: "A console page." }],
      public: true,
      tag: "Console",
    }),
  },
  "/console/assets/{file}": {
    get: op("The console's hashed static assets (cached for a year).", {
      params: [{ name: "file", in: "path", description: "An asset file name." }],
      public: true,
      tag: "Console",
    }),
  },
  "/console/session": {
    post: op("Sign in to the console: a JSON body {AccountSid, AuthToken}; sets an HttpOnly cookie.", {
      public: true,
      tag: "Console",
    }),
    get: op("The console session (who is signed in).", { public: true, tag: "Console" }),
    delete: op("Sign out of the console.", { public: true, tag: "Console" }),
  },
  "/tasklane/v1/Clock": {
    get: op("The server clock (simulated or system).", { tag: "Tasklane" }),
    post: op("Move the simulated clock forward, firing every timer on the way (docs/testing.md).", {
      form: [
        { name: "Advance", description: "Seconds to move forward (decimals allowed)." },
        { name: "Time", description: "ISO 8601 moment to move forward to (instead of Advance)." },
      ],
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Workspaces/{WorkspaceSid}/Settings": {
    get: op("The workspace's Tasklane settings (worker presence, chores).", {
      params: [ws],
      tag: "Tasklane",
    }),
    post: op("Change the workspace's Tasklane settings.", {
      params: [ws],
      form: [
        { name: "DisconnectActivitySid", description: "Activity for workers whose SDK connection is gone." },
        { name: "DisconnectGraceSeconds", description: "Grace period before that move, in seconds." },
        ...choreForm,
      ],
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Workspaces/{WorkspaceSid}/EventCallbacks/Queue": {
    get: op("The workspace's undelivered event callbacks and the delivery state (docs/webhooks.md).", {
      params: [
        ws,
        { name: "PageSize", in: "query", description: "How many queued entries to show (1-1000)." },
      ],
      tag: "Tasklane",
    }),
    delete: op("Drop every queued event callback of the workspace (the events stay in the Events API).", {
      params: [ws],
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Workspaces/{WorkspaceSid}/EventStream": {
    get: op("The workspace's events as server-sent events, resumable (docs/events.md).", {
      params: [
        ws,
        { name: "after", in: "query", description: "Send events after this sequence number." },
        { name: "heartbeat", in: "query", description: "Seconds between heartbeat comments (1-300)." },
      ],
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}/Explanation": {
    get: op("Why a task is or is not assigned right now (docs/diagnostics.md).", {
      params: [
        ws,
        { name: "Sid", in: "path", description: "The Task SID (WT…)." },
        { name: "Examples", in: "query", description: "How many example workers to list per reason." },
      ],
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}/Position": {
    get: op("A task's position in its queue and the estimated wait (docs/operations.md).", {
      params: [
        ws,
        { name: "Sid", in: "path", description: "The Task SID (WT…)." },
        { name: "Minutes", in: "query", description: "The history window of the estimate (default 15)." },
      ],
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Workspaces/{WorkspaceSid}/Workflows/Simulate": {
    post: op("Where a task would go under a workflow configuration, without creating it.", {
      params: [ws],
      form: [
        { name: "Configuration", description: "A workflow configuration (JSON) to try." },
        { name: "WorkflowSid", description: "Or an existing workflow's SID." },
        { name: "Attributes", description: "The sample task's attributes (JSON)." },
        { name: "TaskChannel", description: "The sample task's channel (SID or unique name)." },
        { name: "Priority", description: "The sample task's priority.", type: "integer" },
        { name: "Timeout", description: "The sample task's TTL in seconds.", type: "integer" },
        { name: "Time", description: "ISO 8601 moment to simulate at." },
      ],
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Token": {
    post: op("Mint a worker access token for the twilio-taskrouter SDK (docs/worker-sdk.md).", {
      params: [ws, { name: "WorkerSid", in: "path", description: "The Worker SID (WK…)." }],
      form: [
        { name: "Ttl", description: "Lifetime in seconds.", type: "integer" },
        { name: "Identity", description: "The token's identity." },
      ],
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Cluster": {
    get: op("The cluster: nodes, heartbeats, which node owns which workspace (docs/cluster.md).", {
      tag: "Tasklane",
    }),
  },
  "/tasklane/v1/Cluster/Workspaces/{WorkspaceSid}": {
    post: op("Pin a workspace to a node of the cluster, or unpin it (docs/cluster.md).", {
      params: [ws],
      form: [{ name: "PinnedTo", description: "The node's address (TASKLANE_NODE_ADDRESS); empty unpins." }],
      tag: "Tasklane",
    }),
  },
  "/v1/wschannels": {
    get: op("The twilio-taskrouter SDK's websocket (upgrade; `?token=` carries the access token).", {
      params: [{ name: "token", in: "query", description: "The worker's access token." }],
      public: true,
      tag: "Worker SDK",
    }),
    post: op("The twilio-taskrouter SDK's HTTP endpoint: a JSON body {url, method, params, token}.", {
      public: true,
      tag: "Worker SDK",
    }),
    options: op("CORS preflight for the SDK in browsers.", { public: true, tag: "Worker SDK" }),
  },
};
