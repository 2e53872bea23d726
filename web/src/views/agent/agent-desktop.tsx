/**
 * The agent desktop: one worker working through the official worker SDK, as an agent's browser
 * would. Signed-in admins pick a worker and the console mints its token (POST
 * /tasklane/v1/Workspaces/{WS}/Workers/{WK}/Token); anyone may paste a worker token instead.
 * The token lives in this page's memory only.
 */
import { useEffect, useState } from "preact/hooks";
import { type Json, listAll, post, tl } from "../../api/client.ts";
import type { SessionInfo } from "../../api/session.ts";
import { linkTo } from "../../router.ts";
import { Desk } from "./desk.tsx";
import { connectWorker, type SdkWorker } from "./sdk.ts";

export function AgentDesktop(props: { session: SessionInfo | null; onSignOut: () => void }) {
  const [worker, setWorker] = useState<SdkWorker | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pasted, setPasted] = useState("");

  useEffect(() => () => worker?.disconnect(), [worker]);

  const start = async (token: string) => {
    setError(null);
    try {
      const connected = await connectWorker(token.trim());
      connected.on("error", (e) => setError(e.message));
      connected.on("ready", () => setWorker(connected));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <>
      <header class="top">
        <h1>Agent desktop</h1>
        {props.session !== null && <a {...linkTo("/")}>Back to the console</a>}
        {worker !== null && (
          <button
            type="button"
            onClick={() => {
              worker.disconnect();
              setWorker(null);
            }}
          >
            Disconnect
          </button>
        )}
      </header>
      <main id="main">
        {error !== null && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {worker !== null ? (
          <Desk worker={worker} />
        ) : (
          <div class="columns">
            {props.session !== null && <PickWorker onToken={start} />}
            <form
              class="panel grow"
              aria-labelledby="paste-title"
              onSubmit={(e) => {
                e.preventDefault();
                void start(pasted);
              }}
            >
              <h2 id="paste-title">Use a worker token</h2>
              <label for="worker-token">Worker token</label>
              <textarea
                id="worker-token"
                class="code"
                rows={4}
                value={pasted}
                onInput={(e) => setPasted(e.currentTarget.value)}
              />
              <button type="submit" disabled={pasted.trim() === ""}>
                Connect with this token
              </button>
            </form>
          </div>
        )}
      </main>
    </>
  );
}

function PickWorker(props: { onToken: (token: string) => void }) {
  const [workspaces, setWorkspaces] = useState<Json[]>([]);
  const [workspaceSid, setWorkspaceSid] = useState("");
  const [workers, setWorkers] = useState<Json[]>([]);
  const [workerSid, setWorkerSid] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void listAll<Json>("/v1/Workspaces", "workspaces").then((list) => {
      setWorkspaces(list);
      setWorkspaceSid(String(list[0]?.sid ?? ""));
    });
  }, []);
  useEffect(() => {
    if (workspaceSid === "") return;
    void listAll<Json>(`/v1/Workspaces/${workspaceSid}/Workers`, "workers").then((list) => {
      setWorkers(list);
      setWorkerSid(String(list[0]?.sid ?? ""));
    });
  }, [workspaceSid]);

  return (
    <form
      class="panel grow"
      aria-labelledby="pick-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          const minted = await post<{ token: string }>(tl(workspaceSid, "Workers", workerSid, "Token"), {
            Ttl: 3600,
          });
          props.onToken(minted.token);
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
        }
      }}
    >
      <h2 id="pick-title">Work as a worker</h2>
      <label for="agent-workspace">Workspace</label>
      <select
        id="agent-workspace"
        value={workspaceSid}
        onChange={(e) => setWorkspaceSid(e.currentTarget.value)}
      >
        {workspaces.map((w) => (
          <option key={String(w.sid)} value={String(w.sid)}>
            {String(w.friendly_name)}
          </option>
        ))}
      </select>
      <label for="agent-worker">Worker</label>
      <select id="agent-worker" value={workerSid} onChange={(e) => setWorkerSid(e.currentTarget.value)}>
        {workers.map((w) => (
          <option key={String(w.sid)} value={String(w.sid)}>
            {String(w.friendly_name)}
          </option>
        ))}
      </select>
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={workerSid === ""}>
        Connect as this worker
      </button>
    </form>
  );
}
