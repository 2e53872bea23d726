/**
 * Connecting to PostgreSQL: the driver settings every connection of a Tasklane node uses (schema on
 * the search_path, bigint as text so nothing loses precision silently, a bounded connect time) and the
 * one message an unreachable server produces.
 */
import pg from "pg";
import { StoreError } from "../store-errors.ts";
import type { PostgresTarget } from "../target.ts";
import { decodeText, parseJson } from "./codec.ts";

export interface ConnectionOptions {
  /** Largest number of pooled connections (the lease holds one more of its own). */
  poolSize?: number;
  connectTimeoutMs?: number;
  /** application_name of the pooled connections (default "tasklane"; tests tell their nodes apart). */
  applicationName?: string;
}

export function clientConfig(target: PostgresTarget, options: ConnectionOptions = {}): pg.ClientConfig {
  return {
    connectionString: target.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    keepAlive: true,
    application_name: options.applicationName ?? "tasklane",
    ...(target.schema === null ? {} : { options: `-c search_path=${target.schema}` }),
  };
}

/** text and jsonb come back decoded (./codec.ts); everything else as the driver parses it. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === pg.types.builtins.TEXT) return decodeText;
    if (oid === pg.types.builtins.JSONB || oid === pg.types.builtins.JSON) return parseJson;
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format as "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

export function createPool(target: PostgresTarget, options: ConnectionOptions = {}): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(target, options), max: options.poolSize ?? 10, types });
  // An idle pooled connection that drops (server restart, network, pg_terminate_backend) must not
  // crash the process: the pool discards it and the next query opens a new one. Said once per drop.
  pool.on("error", (error) => {
    console.warn(
      `PostgreSQL: an idle pooled connection was dropped (${reasonOf(error)}); reconnecting on demand`,
    );
  });
  return pool;
}

/**
 * A client checked out of the pool for several statements (a transaction, the migrations). While
 * checked out, pg-pool leaves it without an 'error' listener: a connection ended under it (the
 * backend terminated, the server restarting) would emit 'error' with nobody listening and crash the
 * process. Here the error is kept instead: the statement in flight rejects on its own, and the client
 * is released as broken, so the pool closes it rather than lending it again.
 */
export async function withPooledClient<T>(
  pool: pg.Pool,
  body: (client: pg.PoolClient) => Promise<T>,
  onBodyError?: (client: pg.PoolClient) => Promise<void>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const keep = (error: Error) => {
    broken ??= error;
  };
  client.on("error", keep);
  try {
    return await body(client);
  } catch (error) {
    if (broken === undefined && onBodyError !== undefined) {
      await onBodyError(client).catch((cleanupError: unknown) => {
        broken ??= cleanupError instanceof Error ? cleanupError : new Error(String(cleanupError));
      });
    }
    throw error;
  } finally {
    client.removeListener("error", keep);
    client.release(broken);
  }
}

export function cannotConnect(target: PostgresTarget, cause: unknown): StoreError {
  const error = new StoreError(
    `cannot connect to PostgreSQL at ${target.host}:${target.port}: ${reasonOf(cause)}`,
  );
  error.cause = cause;
  return error;
}

/** A readable reason, also for Node's AggregateError (one attempt per address, empty message). */
export function reasonOf(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    return cause.errors.map(reasonOf).join("; ");
  }
  if (cause instanceof Error) {
    if (cause.message !== "") return cause.message;
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" ? code : cause.name;
  }
  return String(cause);
}

/** SQLSTATE of a driver error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The connection itself failed (the statement may never have run): the server ended the session
 * (SQLSTATE class 57: admin shutdown, terminated backend; class 08: connection exception) or the
 * socket closed under the driver (no SQLSTATE).
 */
export function connectionLost(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined && /^[0-9A-Z]{5}$/.test(state))
    return state.startsWith("57") || state.startsWith("08");
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|not queryable|ECONNRESET|EPIPE/.test(message);
}

/**
 * The database, not the batch, and lasting: insufficient resources (53: disk full, out of memory),
 * system or internal errors (58, XX), a read-only transaction (25006). A lost connection is not
 * counted: the next transaction (and the health probe) opens a new one, so the probe tells.
 */
export function storageFailure(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state === "25006" || /^(53|58|XX)/.test(state));
}
