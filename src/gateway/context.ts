/**
 * What the gateway's HTTP and websocket sides share: the runtime (writers and views), the store
 * (API keys), the clock, the settings, and token authentication against all of them.
 */
import type { Clock } from "../domain/clock.ts";
import type { Task } from "../domain/entities.ts";
import { accessTokenError, forbidden, workspaceLoading } from "../domain/errors.ts";
import type { SidSource } from "../domain/sid.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { WorkspaceHost } from "../runtime/workspace-host.ts";
import type { Store } from "../store/port.ts";
import type { GatewayConfig } from "./config.ts";
import { verifyAccessToken, type WorkerGrant } from "./tokens/access-token.ts";

export interface GatewayDeps {
  runtime: AccountRuntime;
  store: Store;
  clock: Clock;
  sids: SidSource;
  config: GatewayConfig;
  /** The simulated conferences the SDK's participant calls act on (src/voice); absent: those calls are refused. */
  conferences?: ConferenceControl;
}

/**
 * The participants of a task's simulated conference, as the worker SDK's Task.hold / kick /
 * updateParticipant and Reservation.updateParticipant change them. Each throws a TaskRouterError
 * (400) when the task has no conference in progress or the named party is not in it.
 */
export interface ConferenceControl {
  holdCustomer(task: Task, hold: boolean): void;
  holdWorker(task: Task, workerSid: string, hold: boolean): void;
  updateWorker(
    task: Task,
    workerSid: string,
    change: { muted?: boolean; endConferenceOnExit?: boolean },
  ): void;
  kickWorker(task: Task, workerSid: string): Promise<void>;
}

/** A verified token, with the workspace it is for. */
export interface WorkerSession {
  grant: WorkerGrant;
  host: WorkspaceHost;
}

/** Verifies a worker token and that its workspace and worker exist on this server (401 / 403). */
export async function authenticateWorker(deps: GatewayDeps, token: unknown): Promise<WorkerSession> {
  if (typeof token !== "string" || token === "") {
    throw accessTokenError(20101, "Invalid Access Token: no token was sent");
  }
  const grant = await verifyAccessToken(token, {
    accountSid: deps.runtime.accountSid,
    now: deps.clock.now(),
    apiKey: (sid) => deps.store.getApiKey(sid),
  });
  const host = deps.runtime.workspace(grant.workspaceSid, grant.accountSid);
  if (host === undefined && deps.runtime.isLoading(grant.workspaceSid)) {
    throw workspaceLoading(grant.workspaceSid);
  }
  if (host === undefined) {
    throw forbidden(`The token's workspace ${grant.workspaceSid} does not exist on this server`);
  }
  if (host.view.worker(grant.workerSid) === undefined) {
    throw forbidden(
      `The token's worker ${grant.workerSid} does not exist in workspace ${grant.workspaceSid}`,
    );
  }
  return { grant, host };
}
