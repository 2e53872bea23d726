/**
 * Presence: what happens to a worker's activity when its last socket is gone.
 *
 *   connected ──last socket closes──> grace period (TASKLANE_DISCONNECT_GRACE_SECONDS, default 30 s)
 *       ^                                   │ a socket of the worker connects: nothing happens
 *       └───────────────────────────────────┤
 *                                           └ the period ends with no socket: worker.update to the
 *                                             disconnect activity, through the workspace's writer
 *
 * The disconnect activity, decided by the last socket's `setWorkerOfflineIfDisconnected`:
 *   true      -> the workspace's disconnect activity (its Settings), else TASKLANE_DISCONNECT_ACTIVITY_SID
 *                when the workspace has it, else the workspace's Offline activity (an unavailable
 *                activity named "Offline", else the timeout activity)
 *   not sent  -> the workspace's disconnect activity, else TASKLANE_DISCONNECT_ACTIVITY_SID when the
 *                workspace has it, else nothing
 *   false     -> nothing
 * The grace period is the workspace's DisconnectGraceSeconds when set, else the server's.
 * A worker already in that activity is left alone. Timers live in memory: a restart forgets them.
 */
import type { WorkspaceView } from "../engine/view.ts";
import type { GatewayDeps } from "./context.ts";

export class Presence {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly deps: GatewayDeps,
    /** True while the worker has an open socket. */
    private readonly isConnected: (workspaceSid: string, workerSid: string) => boolean,
  ) {}

  connected(workspaceSid: string, workerSid: string): void {
    const key = `${workspaceSid}/${workerSid}`;
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }

  /** The worker's last socket closed; `offline` is that socket's setWorkerOfflineIfDisconnected. */
  disconnected(workspaceSid: string, workerSid: string, offline: boolean | undefined): void {
    const host = this.deps.runtime.workspace(workspaceSid);
    const target = host === undefined ? null : this.disconnectActivity(host.view, offline);
    if (target === null) return;
    const key = `${workspaceSid}/${workerSid}`;
    this.connected(workspaceSid, workerSid);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.apply(workspaceSid, workerSid, target);
    }, this.graceMs(host?.view));
    timer.unref();
    this.timers.set(key, timer);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async apply(workspaceSid: string, workerSid: string, activitySid: string): Promise<void> {
    if (this.isConnected(workspaceSid, workerSid)) return;
    const host = this.deps.runtime.workspace(workspaceSid);
    const worker = host?.view.worker(workerSid);
    if (host === undefined || worker === undefined || worker.activitySid === activitySid) return;
    try {
      await host.execute({ type: "worker.update", sid: workerSid, activitySid });
    } catch (error) {
      console.error(`presence: could not move worker ${workerSid} to ${activitySid}:`, error);
    }
  }

  private graceMs(view: WorkspaceView | undefined): number {
    const seconds = view?.workspace.disconnectGraceSeconds;
    return seconds == null ? this.deps.config.disconnectGraceMs : Math.round(seconds * 1000);
  }

  private disconnectActivity(view: WorkspaceView, offline: boolean | undefined): string | null {
    if (offline === false) return null;
    const own = view.workspace.disconnectActivitySid;
    if (own != null && view.activity(own) !== undefined) return own;
    const configured = this.deps.config.disconnectActivitySid;
    if (configured !== null && view.activity(configured) !== undefined) return configured;
    return offline === true ? offlineActivity(view) : null;
  }
}

function offlineActivity(view: WorkspaceView): string | null {
  const activities = [...view.activities()];
  const named = activities.find((a) => !a.available && a.friendlyName.toLowerCase() === "offline");
  if (named !== undefined) return named.sid;
  const timeout = view.activity(view.workspace.timeoutActivitySid);
  return timeout !== undefined && !timeout.available ? timeout.sid : null;
}
