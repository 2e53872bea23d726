/**
 * Twilio's Keys resource (API 2010-04-01), so the official SDK manages API keys unchanged:
 * `client.newKeys.create()`, `client.keys.list()`, `client.keys(sid).fetch()/update()/remove()`.
 * Only the account's auth token may manage keys (a key gets 403 / 20403). The secret appears only
 * in the create response. The 2010 API renders dates in RFC 2822 and pages with relative `*_uri`s.
 */
import type { FastifyRequest } from "fastify";
import { forbidden, notFound, pageSizeTooLarge } from "../../domain/errors.ts";
import { MAX_FRIENDLY_NAME } from "../../domain/limits.ts";
import { createApiKey } from "../../runtime/api-keys.ts";
import type { ApiKeyRecord } from "../../store/port.ts";
import { encodeParams } from "../../wire/form.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../wire/pagination.ts";
import { type ApiDeps, body, principal, query, type ResourcePlugin } from "../context.ts";

type AccountParams = { AccountSid: string };
type KeyParams = { AccountSid: string; Sid: string };

/** RFC 2822 as Twilio's 2010 API writes it: "Thu, 01 Jan 2026 09:00:00 +0000". */
function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace("GMT", "+0000");
}

function renderKey(key: ApiKeyRecord) {
  return {
    sid: key.sid,
    friendly_name: key.friendlyName,
    date_created: rfc2822(key.dateCreated),
    date_updated: rfc2822(key.dateUpdated),
  };
}

/** The caller must be the account itself (auth token) and the path must name that account. */
function keyManager(request: FastifyRequest<{ Params: AccountParams }>): string {
  const who = principal(request);
  if (who.via !== "token") throw forbidden("API keys can only be managed with the account's auth token");
  if (request.params.AccountSid !== who.accountSid) throw notFound("Account", request.params.AccountSid);
  return who.accountSid;
}

async function ownKey(deps: ApiDeps, accountSid: string, sid: string): Promise<ApiKeyRecord> {
  const key = await deps.store.getApiKey(sid);
  if (key === null || key.accountSid !== accountSid) throw notFound("Key", sid);
  return key;
}

export const keysPlugin: ResourcePlugin = async (app, { deps }) => {
  const base = "/2010-04-01/Accounts/:AccountSid/Keys";

  app.post<{ Params: AccountParams }>(`${base}.json`, async (request, reply) => {
    const accountSid = keyManager(request);
    const friendlyName = body(request).string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME }) ?? "";
    const key = await createApiKey(deps.store, {
      accountSid,
      friendlyName,
      now: deps.clock.now(),
      sids: deps.sids,
    });
    return reply.status(201).send({ ...renderKey(key), secret: key.secret });
  });

  app.get<{ Params: AccountParams }>(`${base}.json`, async (request) => {
    const accountSid = keyManager(request);
    const params = query(request);
    const pageSize =
      params.integer("PageSize", { min: 1, max: Number.MAX_SAFE_INTEGER }) ?? DEFAULT_PAGE_SIZE;
    if (pageSize > MAX_PAGE_SIZE) throw pageSizeTooLarge(pageSize);
    const page = params.integer("Page", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
    const keys = await deps.store.listApiKeys(accountSid);
    const start = page * pageSize;
    const slice = keys.slice(start, start + pageSize);
    const uri = (p: number) =>
      `/2010-04-01/Accounts/${accountSid}/Keys.json?${encodeParams({ PageSize: pageSize, Page: p })}`;
    return {
      keys: slice.map(renderKey),
      end: start + Math.max(slice.length - 1, 0),
      first_page_uri: uri(0),
      next_page_uri: start + slice.length < keys.length ? uri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? uri(page - 1) : null,
      start,
      uri: uri(page),
    };
  });

  app.get<{ Params: KeyParams }>(`${base}/:Sid.json`, async (request) => {
    return renderKey(await ownKey(deps, keyManager(request), request.params.Sid));
  });

  app.post<{ Params: KeyParams }>(`${base}/:Sid.json`, async (request) => {
    const key = await ownKey(deps, keyManager(request), request.params.Sid);
    const friendlyName = body(request).string("FriendlyName", { maxLength: MAX_FRIENDLY_NAME });
    if (friendlyName === undefined) return renderKey(key);
    const updated = await deps.store.updateApiKey(key.sid, { friendlyName, dateUpdated: deps.clock.now() });
    return renderKey(updated ?? key);
  });

  app.delete<{ Params: KeyParams }>(`${base}/:Sid.json`, async (request, reply) => {
    const key = await ownKey(deps, keyManager(request), request.params.Sid);
    await deps.store.deleteApiKey(key.sid);
    deps.onKeyRevoked?.(key.sid);
    return reply.status(204).send();
  });
};
