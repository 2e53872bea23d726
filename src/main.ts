/**
 * `npm start` (`node dist/main.js`, compiled by `npm run build`; `npm run dev` runs the sources through
 * tsx): read the configuration, start the server, print the credentials, a client snippet and the
 * start-up time, and shut down cleanly on SIGTERM/SIGINT (stop accepting, finish in-flight writes,
 * close the DB). One process: signals reach the server itself.
 */
import { loadConfig } from "./config/config.ts";
import { ConfigError } from "./config/config-error.ts";
import { startBanner } from "./config/credentials.ts";
import { describeStartError } from "./config/start-errors.ts";
import { createLogger } from "./logging/logger.ts";
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
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ config, env, logger: createLogger({ level: config.logLevel }) });
  } catch (error) {
    console.error(`Tasklane cannot start: ${describeStartError(error, config)}`);
    process.exit(1);
  }
  console.log(startBanner(server.credentials, server.publicUrl));
  if (server.runtime.workspaces().length === 0) {
    console.log(
      "No workspace yet. For a contact-centre one and the seven SIDs the TaskRouter samples read:\n  npx tasklane demo\n",
    );
  }
  // performance.now() counts from the process start: this is the whole start-up, load included.
  console.log(`Started in ${Math.round(performance.now())} ms (process start to accepting requests)`);
  const log = server.app.log;
  log.info(
    { url: server.publicUrl, startupMs: Math.round(performance.now()), database: config.database.kind },
    "server started",
  );

  const shutdown = (signal: string) => {
    log.info({ signal }, "shutting down");
    console.log(`${signal} received: shutting down`);
    server.close().then(
      () => {
        log.info("server stopped");
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
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
