/** Ends the lease session of whichever node holds a schema's writer lock, as a crash or partition would. */
import { LEASE_LOCK_CLASS } from "../../src/store/postgres/lease.ts";
import type { TestSchema } from "../contract/postgres-harness.ts";

export async function terminateLeaseHolder(schema: TestSchema): Promise<number> {
  const { rowCount } = await schema.admin(
    `SELECT pg_terminate_backend(pid) FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND classid = $1::int4::oid AND objid = hashtext($2)::oid`,
    [LEASE_LOCK_CLASS, schema.name],
  );
  return rowCount ?? 0;
}
