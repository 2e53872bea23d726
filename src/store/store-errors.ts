/** One place builds the store's error messages, so every adapter fails with the same words. */
export class StoreError extends Error {
  override readonly name = "StoreError";
}

export function accountAlreadyStored(existing: string, offered: string): StoreError {
  return new StoreError(`the data already belongs to account ${existing}; refusing to store ${offered}`);
}

export function duplicateApiKey(sid: string): StoreError {
  return new StoreError(`API key ${sid} already exists`);
}

export function storeClosed(): StoreError {
  return new StoreError("the store is closed");
}

export function duplicateEvent(sid: string): StoreError {
  return new StoreError(`event ${sid} already exists; the batch was not applied`);
}

export function cannotOpenSqlite(path: string, cause: unknown): StoreError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new StoreError(`DATABASE_URL: cannot open the SQLite database ${path}: ${reason}`);
  error.cause = cause;
  return error;
}
