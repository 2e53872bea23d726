/**
 * PostgreSQL for tests: TASKLANE_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * one fresh schema per test (created here, dropped by `drop()`), so runs never see each other's data
 * and leave nothing behind.
 *
 * `postgres.available` is false only when the server is unreachable; with TASKLANE_REQUIRE_POSTGRES=1
 * (CI) an unreachable server throws at import instead, so the test file fails rather than skips.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type PostgresTarget, parseDatabaseUrl } from "../../src/config/database-url.ts";
import { reasonOf } from "../../src/store/postgres/connection.ts";

export const TEST_POSTGRES_URL =
  process.env.TASKLANE_TEST_POSTGRES_URL?.trim() || "postgres://postgres@127.0.0.1:5432/postgres";

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return reasonOf(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await probe();
if (unreachable !== null && process.env.TASKLANE_REQUIRE_POSTGRES === "1") {
  throw new Error(
    `TASKLANE_REQUIRE_POSTGRES=1 but PostgreSQL at ${TEST_POSTGRES_URL} is unreachable: ${unreachable}`,
  );
}
if (unreachable !== null) {
  console.warn(
    `PostgreSQL tests skipped: ${TEST_POSTGRES_URL} is unreachable (${unreachable}); set TASKLANE_TEST_POSTGRES_URL or start PostgreSQL`,
  );
}

export const postgres = { available: unreachable === null };

export interface TestSchema {
  name: string;
  /** DATABASE_URL for a Tasklane process on this schema. */
  url: string;
  target: PostgresTarget;
  /** Runs SQL as the test's admin connection (outside the schema). */
  admin(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

/** A new, empty schema; Tasklane creates its tables there on first use. */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const name = `tasklane_test_${label}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${name}"`);
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set("schema", name);
  const target = parseDatabaseUrl(url.toString());
  if (target.kind !== "postgres") throw new Error("not a PostgreSQL URL");
  return {
    name,
    url: url.toString(),
    target,
    admin: (text, values) => admin.query(text, values),
    drop: async () => {
      try {
        await admin.query(`DROP SCHEMA "${name}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
