/**
 * This node's membership: one dedicated PostgreSQL session that registers the node in cluster_nodes
 * and holds its advisory lock for as long as the node lives (./registry.ts reads liveness from it).
 *
 *   registered -> the row exists and the lock is held; heartbeat() stamps heartbeat_at on the session
 *   lost       -> the session ended or errored, or a heartbeat got no answer within 3 periods: the
 *                 other nodes see this node dead and take its workspaces, so the agent must stop
 *                 writing all of them at once (`lost` resolves); it may register again as a new node
 *   left       -> close(): the row is deleted and the session ends
 * The session gets the writer lease's keepalive settings (holdOnlyWhileAlive): a machine or network
 * gone ends it within ~5 s, a frozen process within 60 s.
 */
import pg from "pg";
import type { PostgresTarget } from "../config/database-url.ts";
import { cannotConnect, clientConfig, reasonOf } from "../store/postgres/connection.ts";
import { holdOnlyWhileAlive } from "../store/postgres/lease.ts";
import { NODE_LOCK_KEY1 } from "./registry.ts";

export class Membership {
  readonly lost: Promise<Error>;
  private signalLost: (error: Error) => void = () => {};
  private ended = false;
  private beating = false;

  private constructor(
    private readonly client: pg.Client,
    readonly nodeId: number,
    private readonly periodMs: number,
  ) {
    this.lost = new Promise((resolve) => {
      this.signalLost = resolve;
    });
    client.on("error", (error) => this.lose(`the membership session failed: ${reasonOf(error)}`));
    client.on("end", () => this.lose("the membership session ended"));
  }

  static async register(
    target: PostgresTarget,
    node: { address: string; maxWorkspaces: number | null; periodMs: number },
  ): Promise<Membership> {
    const client = new pg.Client({ ...clientConfig(target), application_name: "tasklane-cluster" });
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      throw cannotConnect(target, error);
    }
    await holdOnlyWhileAlive(client, 60_000);
    const now = Date.now();
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO cluster_nodes (address, started_at, heartbeat_at, max_workspaces)
       VALUES ($1, $2, $2, $3) RETURNING id`,
      [node.address, now, node.maxWorkspaces],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error("cluster_nodes gave no id");
    await client.query(`SELECT pg_advisory_lock(${NODE_LOCK_KEY1}, $1)`, [id]);
    client.removeAllListeners("error");
    return new Membership(client, id, node.periodMs);
  }

  /** Stamps heartbeat_at; a session that does not answer within 3 periods counts as lost. */
  async heartbeat(): Promise<void> {
    if (this.ended || this.beating) return;
    this.beating = true;
    try {
      await this.withTimeout(
        this.client.query("UPDATE cluster_nodes SET heartbeat_at = $1 WHERE id = $2", [
          Date.now(),
          this.nodeId,
        ]),
      );
    } catch (error) {
      this.lose(`the membership heartbeat failed: ${reasonOf(error)}`);
    } finally {
      this.beating = false;
    }
  }

  /** A draining node keeps serving but placement gives it nothing (SIGTERM, before hand-over). */
  async drain(): Promise<void> {
    if (this.ended) return;
    await this.withTimeout(
      this.client.query("UPDATE cluster_nodes SET draining = true WHERE id = $1", [this.nodeId]),
    );
  }

  get isLost(): boolean {
    return this.ended;
  }

  /** Leaves the cluster: the row goes, the session ends (the lock with it). */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.withTimeout(this.client.query("DELETE FROM cluster_nodes WHERE id = $1", [this.nodeId])).catch(
      () => {},
    );
    await this.client.end().catch(() => {});
  }

  private withTimeout<T>(query: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.periodMs * 3} ms`)),
        this.periodMs * 3,
      );
    });
    return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
  }

  private lose(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.signalLost(new Error(`lost the cluster membership: ${reason}`));
    void this.client.end().catch(() => {});
  }
}
