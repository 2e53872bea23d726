/**
 * The console's shell: sign-in, the workspace picker, navigation and the views. Paths:
 *   /                          pick a workspace (the first one opens)
 *   /w/{WS}/wallboard           the wallboard
 *   /w/{WS}/{resource}[/{SID}]  admin lists and details (activities, task-channels, queues, ...)
 *   /cluster                    the cluster's nodes and who owns which workspace
 *   /agent                      the agent desktop (worker SDK in the browser)
 */
import { useEffect, useState } from "preact/hooks";
import { type Json, listAll, whenSignedOut } from "./api/client.ts";
import { currentSession, type SessionInfo, signOut } from "./api/session.ts";
import { closeAllStreams, whenStreamClosed } from "./api/stream.ts";
import { linkTo, navigate, usePath } from "./router.ts";
import { AdminView, RESOURCES } from "./views/admin/admin-view.tsx";
import { AgentDesktop } from "./views/agent/agent-desktop.tsx";
import { ClusterView } from "./views/cluster/cluster-view.tsx";
import { SignIn } from "./views/sign-in.tsx";
import { Wallboard } from "./views/wallboard/wallboard.tsx";

export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const path = usePath();

  useEffect(() => {
    whenSignedOut(() => {
      closeAllStreams();
      setSession(null);
    });
    whenStreamClosed(() => {
      void currentSession().then((s) => {
        if (s === null) {
          closeAllStreams();
          setSession(null);
        }
      });
    });
    void currentSession().then(setSession);
  }, []);

  if (session === undefined) return <p class="loading">Loading…</p>;
  if (path === "/agent" || path.startsWith("/agent/")) {
    return <AgentDesktop session={session} onSignOut={() => setSession(null)} />;
  }
  if (session === null) return <SignIn onSignedIn={setSession} />;
  return <Shell session={session} path={path} onSignedOut={() => setSession(null)} />;
}

function Shell(props: { session: SessionInfo; path: string; onSignedOut: () => void }) {
  const [workspaces, setWorkspaces] = useState<Json[] | null>(null);
  const parts = props.path.split("/").filter((p) => p !== "");
  const onCluster = parts[0] === "cluster";
  const workspaceSid = parts[0] === "w" ? (parts[1] ?? null) : null;
  const section = onCluster ? "cluster" : (parts[2] ?? "wallboard");
  const detail = parts[3] ?? null;

  useEffect(() => {
    void listAll<Json>("/v1/Workspaces", "workspaces").then(setWorkspaces);
  }, []);
  useEffect(() => {
    const first = workspaces?.[0];
    if (workspaceSid === null && !onCluster && first !== undefined)
      navigate(`/w/${String(first.sid)}/wallboard`);
  }, [workspaces, workspaceSid, onCluster]);
  // The workspace the navigation's links open: the one shown, or the first one (on /cluster).
  const linked = workspaceSid ?? (workspaces?.[0] === undefined ? null : String(workspaces[0].sid));
  const names = new Map((workspaces ?? []).map((w) => [String(w.sid), String(w.friendly_name)]));

  const doSignOut = async () => {
    closeAllStreams();
    await signOut().catch(() => {});
    props.onSignedOut();
    navigate("/");
  };

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <h1>Tasklane Console</h1>
        <label class="inline">
          Workspace{" "}
          <select
            value={workspaceSid ?? ""}
            onChange={(e) =>
              navigate(`/w/${e.currentTarget.value}/${section === "cluster" ? "wallboard" : section}`)
            }
            aria-label="Workspace"
          >
            {(workspaces ?? []).map((w) => (
              <option key={String(w.sid)} value={String(w.sid)}>
                {String(w.friendly_name)}
              </option>
            ))}
          </select>
        </label>
        <span class="who">{props.session.username}</span>
        <button type="button" onClick={doSignOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Sections">
        <ul>
          {linked !== null && (
            <li>
              <a
                {...linkTo(`/w/${linked}/wallboard`)}
                aria-current={section === "wallboard" ? "page" : undefined}
              >
                Wallboard
              </a>
            </li>
          )}
          {linked !== null &&
            RESOURCES.map((r) => (
              <li key={r.path}>
                <a
                  {...linkTo(`/w/${linked}/${r.path}`)}
                  aria-current={section === r.path ? "page" : undefined}
                >
                  {r.title}
                </a>
              </li>
            ))}
          <li>
            <a {...linkTo("/cluster")} aria-current={onCluster ? "page" : undefined}>
              Cluster
            </a>
          </li>
          <li>
            <a {...linkTo("/agent")}>Agent desktop</a>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {onCluster && <ClusterView workspaceNames={names} />}
        {workspaces !== null && workspaces.length === 0 && !onCluster && (
          <p>No workspace yet: create one with the REST API or `tasklane` CLI.</p>
        )}
        {workspaceSid !== null && section === "wallboard" && (
          <Wallboard key={workspaceSid} workspaceSid={workspaceSid} />
        )}
        {workspaceSid !== null && section !== "wallboard" && (
          <AdminView
            key={`${workspaceSid}/${section}`}
            workspaceSid={workspaceSid}
            section={section}
            detail={detail}
          />
        )}
      </main>
    </>
  );
}
