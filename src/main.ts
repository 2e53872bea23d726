/**
 * `npm start` (`node dist/main.js`, compiled by `npm run build`; `npm run dev` runs the sources through
 * tsx): read the configuration, start the server, print the credentials, a client snippet and the
 * start-up time, and shut down cleanly on SIGTERM/SIGINT (stop accepting, finish in-flight writes,
 * close the DB). One process: signals reach the server itself.
 */
import { loadConfig, requestLog } from "./config/config.ts";
import { ConfigError } from "./config/config-error.ts";
import { startBanner } from "./config/credentials.ts";
import { describeStartError } from "./config/start-errors.ts";
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
    server = await startServer({ config, env, logger: requestLog(env) });
  } catch (error) {
    console.error(`Tasklane cannot start: ${describeStartError(error, config)}`);
    process.exit(1);
  }
  console.log(startBanner(server.credentials, server.publicUrl));
  // performance.now() counts from the process start: this is the whole start-up, load included.
  console.log(`Started in ${Math.round(performance.now())} ms (process start to accepting requests)`);

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
