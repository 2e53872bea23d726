/**
 * `npm start`: read the configuration, start the server, print the credentials and a client snippet,
 * and shut down cleanly on SIGTERM/SIGINT (stop accepting, finish in-flight writes, close the DB).
 */
import { loadConfig } from "./config/config.ts";
import { ConfigError } from "./config/config-error.ts";
import { startBanner } from "./config/credentials.ts";
import { startServer } from "./server.ts";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Tasklane cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const server = await startServer({ config, env, logger: env.TASKLANE_LOG === "1" });
  console.log(startBanner(server.credentials, server.publicUrl));
  if (server.runtime.workspaces().length === 0) {
    console.log(
      "No workspace yet. For a contact-centre one and the seven SIDs the TaskRouter samples read:\n  npx tasklane demo\n",
    );
  }

  const shutdown = (signal: string) => {
    console.log(`${signal} received: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("shutdown failed:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("Tasklane failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
