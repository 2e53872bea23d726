/** The open worker sockets, by workspace and worker. */
import type { WebSocket } from "ws";
import type { WorkerGrant } from "../tokens/access-token.ts";

export interface Connection {
  socket: WebSocket;
  grant: WorkerGrant;
  /** The SDK's setWorkerOfflineIfDisconnected query parameter; undefined when it was not sent. */
  offlineIfDisconnected: boolean | undefined;
}

export class Connections {
  private readonly byWorker = new Map<string, Set<Connection>>();
  private readonly countByWorkspace = new Map<string, number>();

  add(conn: Connection): void {
    const key = keyOf(conn.grant.workspaceSid, conn.grant.workerSid);
    let set = this.byWorker.get(key);
    if (set === undefined) {
      set = new Set();
      this.byWorker.set(key, set);
    }
    set.add(conn);
    const ws = conn.grant.workspaceSid;
    this.countByWorkspace.set(ws, (this.countByWorkspace.get(ws) ?? 0) + 1);
  }

  /** Removes a connection (once); returns false when it was not registered. */
  remove(conn: Connection): boolean {
    const key = keyOf(conn.grant.workspaceSid, conn.grant.workerSid);
    const set = this.byWorker.get(key);
    if (set === undefined || !set.delete(conn)) return false;
    if (set.size === 0) this.byWorker.delete(key);
    const ws = conn.grant.workspaceSid;
    const left = (this.countByWorkspace.get(ws) ?? 1) - 1;
    if (left === 0) this.countByWorkspace.delete(ws);
    else this.countByWorkspace.set(ws, left);
    return true;
  }

  ofWorker(workspaceSid: string, workerSid: string): Connection[] {
    return [...(this.byWorker.get(keyOf(workspaceSid, workerSid)) ?? [])];
  }

  inWorkspace(workspaceSid: string): number {
    return this.countByWorkspace.get(workspaceSid) ?? 0;
  }

  all(): Connection[] {
    return [...this.byWorker.values()].flatMap((set) => [...set]);
  }
}

function keyOf(workspaceSid: string, workerSid: string): string {
  return `${workspaceSid}/${workerSid}`;
}
