/**
 * The `tasklane` command (bin/tasklane.js runs it through tsx):
 *   tasklane start                 start the server (same as npm start)
 *   tasklane keys create [name]    create an API key and print its secret once
 *   tasklane keys list             list API keys
 *   tasklane keys revoke <SK…>     delete an API key
 *   tasklane token --workspace WS… --worker WK… [--ttl 3600]   mint a worker SDK access token
 * It reads the same environment as the server (DATABASE_URL, TASKLANE_ACCOUNT_SID, ...).
 */
import { loadConfig } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { openStore } from "../store/open-store.ts";
import { keysCommand, type Output } from "./keys.ts";
import { tokenCommand } from "./token.ts";

const USAGE = `usage: tasklane <command>
  start                 start the server
  keys create [name]    create an API key (the secret is printed once)
  keys list             list API keys
  keys revoke <SK…>     revoke an API key
  token --workspace WS… --worker WK… [--ttl 3600] [--key SK…]
                        mint an access token for the twilio-taskrouter worker SDK`;

export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  const [command, ...args] = argv;
  if (command === "start") {
    await import("../main.ts");
    return -1; // the server keeps running; main.ts owns the exit
  }
  if (command !== "keys" && command !== "token") {
    (command === undefined || command === "help" || command === "--help" ? io.out : io.err)(USAGE);
    return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
  let store: ReturnType<typeof openStore> | null = null;
  try {
    const config = loadConfig(env);
    store = openStore(config.database);
    if (command === "token") return await tokenCommand(args, config, store, io);
    return await keysCommand(args, config, store, io);
  } catch (error) {
    io.err(error instanceof ConfigError ? `tasklane: ${error.message}` : `tasklane: ${String(error)}`);
    return 1;
  } finally {
    await store?.close();
  }
}

const io: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };
runCli(process.argv.slice(2), process.env, io).then((code) => {
  if (code >= 0) process.exitCode = code;
});
