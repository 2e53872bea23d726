/**
 * The account credentials and API keys in SQL. Not fenced by the writer lease: the `tasklane keys`
 * CLI writes them from outside the active node, and each write is one statement on one row.
 */
import type pg from "pg";
import type { AccountCredentials, ApiKeyRecord } from "../port.ts";
import { accountAlreadyStored, duplicateApiKey } from "../store-errors.ts";
import { type ApiKeyRow, rowToApiKey } from "./rows.ts";

/** Runs one statement on the pool and returns its rows. */
export type Query = <R extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values?: unknown[],
) => Promise<R[]>;

export async function getAccount(query: Query): Promise<AccountCredentials | null> {
  const [row] = await query<{ account_sid: string; auth_token: string }>(
    "SELECT account_sid, auth_token FROM account WHERE id = 1",
  );
  return row === undefined ? null : { accountSid: row.account_sid, authToken: row.auth_token };
}

/** One statement: two nodes saving at once cannot both win with different accounts. */
export async function saveAccount(query: Query, credentials: AccountCredentials): Promise<void> {
  const saved = await query(
    `INSERT INTO account (id, account_sid, auth_token) VALUES (1, $1, $2)
     ON CONFLICT (id) DO UPDATE SET auth_token = excluded.auth_token
     WHERE account.account_sid = excluded.account_sid RETURNING id`,
    [credentials.accountSid, credentials.authToken],
  );
  if (saved.length > 0) return;
  const existing = await getAccount(query);
  throw accountAlreadyStored(existing?.accountSid ?? "another account", credentials.accountSid);
}

export async function createApiKey(query: Query, key: ApiKeyRecord): Promise<void> {
  const inserted = await query(
    `INSERT INTO api_keys (sid, account_sid, friendly_name, secret, date_created, date_updated)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sid) DO NOTHING RETURNING sid`,
    [key.sid, key.accountSid, key.friendlyName, key.secret, key.dateCreated, key.dateUpdated],
  );
  if (inserted.length === 0) throw duplicateApiKey(key.sid);
}

export async function getApiKey(query: Query, sid: string): Promise<ApiKeyRecord | null> {
  const [row] = await query<ApiKeyRow>("SELECT * FROM api_keys WHERE sid = $1", [sid]);
  return row === undefined ? null : rowToApiKey(row);
}

export async function listApiKeys(query: Query, accountSid: string): Promise<ApiKeyRecord[]> {
  const rows = await query<ApiKeyRow>(
    "SELECT * FROM api_keys WHERE account_sid = $1 ORDER BY date_created, sid",
    [accountSid],
  );
  return rows.map(rowToApiKey);
}

export async function updateApiKey(
  query: Query,
  sid: string,
  changes: { friendlyName: string; dateUpdated: number },
): Promise<ApiKeyRecord | null> {
  const [row] = await query<ApiKeyRow>(
    "UPDATE api_keys SET friendly_name = $1, date_updated = $2 WHERE sid = $3 RETURNING *",
    [changes.friendlyName, changes.dateUpdated, sid],
  );
  return row === undefined ? null : rowToApiKey(row);
}

export async function deleteApiKey(query: Query, sid: string): Promise<boolean> {
  return (await query("DELETE FROM api_keys WHERE sid = $1 RETURNING sid", [sid])).length > 0;
}
