/** Row types (snake_case, as the tables have them) and their mapping to domain records. */
import { EVENT_TYPES, type EventType } from "../../domain/event-types.ts";
import type { ApiKeyRecord, OutboxEntry, StoredEntity, StoredEvent } from "../port.ts";
import { isEntityKind } from "../snapshot.ts";
import { StoreError } from "../store-errors.ts";
import { fromSqliteText, type SqliteText, toSqliteText } from "./text.ts";

export interface EntityRow {
  workspace_sid: string;
  kind: string;
  sid: string;
  document: string;
}

export interface EventRow {
  workspace_sid: string;
  sequence: number;
  sid: string;
  event_type: string;
  resource_sid: string;
  description: SqliteText;
  timestamp_ms: number;
  fields: string;
}

export interface ApiKeyRow {
  sid: string;
  account_sid: string;
  friendly_name: SqliteText;
  secret: string;
  date_created: number;
  date_updated: number;
}

export function rowToEntity(row: EntityRow): StoredEntity {
  return documentToEntity(row.kind, row.sid, row.document);
}

export function documentToEntity(kind: string, sid: string, document: string): StoredEntity {
  if (!isEntityKind(kind)) throw new StoreError(`unknown entity kind "${kind}" for ${sid}`);
  return { kind, sid, entity: JSON.parse(document) } as StoredEntity;
}

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    workspaceSid: row.workspace_sid,
    sequence: row.sequence,
    sid: row.sid,
    eventType: row.event_type as EventType,
    resourceType: EVENT_TYPES[row.event_type as EventType],
    resourceSid: row.resource_sid,
    description: fromSqliteText(row.description),
    timestamp: row.timestamp_ms,
    fields: JSON.parse(row.fields),
  };
}

export function apiKeyToRow(key: ApiKeyRecord): ApiKeyRow {
  return {
    sid: key.sid,
    account_sid: key.accountSid,
    friendly_name: toSqliteText(key.friendlyName),
    secret: key.secret,
    date_created: key.dateCreated,
    date_updated: key.dateUpdated,
  };
}

export function rowToApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    sid: row.sid,
    accountSid: row.account_sid,
    friendlyName: fromSqliteText(row.friendly_name),
    secret: row.secret,
    dateCreated: row.date_created,
    dateUpdated: row.date_updated,
  };
}

export interface OutboxRow {
  workspace_sid: string;
  sequence: number;
  event_sid: string;
  url: SqliteText;
  params: string;
  created_at: number;
}

export function rowToOutbox(row: OutboxRow): OutboxEntry {
  return {
    workspaceSid: row.workspace_sid,
    sequence: row.sequence,
    eventSid: row.event_sid,
    url: fromSqliteText(row.url),
    params: JSON.parse(row.params),
    createdAt: row.created_at,
  };
}
