/**
 * The `tasklane` command (bin/tasklane.js runs it through tsx):
 *   tasklane start                 start the server (same as npm start)
 *   tasklane keys create [name]    create an API key and print its secret once
 *   tasklane keys list             list API keys
 *   tasklane keys revoke <SK…>     delete an API key
 *   tasklane token --workspace WS… --worker WK… [--ttl 3600]   mint a worker SDK access token
 *   tasklane plan|apply <file>, export <WS…|name>, schema, demo   config as code (docs/config.md)
 *   tasklane --version
 * keys and token read the same environment as the server (DATABASE_URL, TASKLANE_ACCOUNT_SID, ...);
 * plan, apply, export and demo talk to a running server through its REST API (connection.ts).
 */
import { readFileSync } from "node:fs";
import { loadConfig } from "../config/config.ts";
import { ConfigError } from "../config/config-error.ts";
import { openStore } from "../store/open-store.ts";
import { demoCommand } from "./demo.ts";
import { keysCommand, type Output } from "./keys.ts";
import { tokenCommand } from "./token.ts";
import {
  applyCommand,
  describeFailure,
  exportCommand,
  planCommand,
  schemaCommand,
  UsageError,
} from "./workspace-commands.ts";

const USAGE = `usage: tasklane <command>
  start                 start the server
  keys create [name]    create an API key (the secret is printed once)
  keys list             list API keys
  keys revoke <SK…>     revoke an API key
  token --workspace WS… --worker WK… [--ttl 3600] [--key SK…] [--role worker|supervisor]
                        mint an access token for the twilio-taskrouter worker SDK
  plan <file> [--prune]  show what apply would change on the server (create/update/delete)
  apply <file> [--prune] make the server's Workspace match the file (YAML or JSON)
  export <WS…|name> [-o file] [--no-workers]
                        write a Workspace as a file that apply reproduces
  schema                print the workspace file's JSON Schema
  demo                  apply a contact-centre Workspace and print its SIDs as .env lines
  --version             print the version
plan, apply, export and demo connect to --url or TASKLANE_URL (default http://127.0.0.1:3000) with
TASKLANE_ACCOUNT_SID/TASKLANE_AUTH_TOKEN or TASKLANE_API_KEY/TASKLANE_API_SECRET.`;

const API_COMMANDS: Record<string, (args: string[], env: NodeJS.ProcessEnv, io: Output) => Promise<number>> =
  {
    plan: planCommand,
    apply: applyCommand,
    export: exportCommand,
    demo: demoCommand,
  };

function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg !== null && typeof pkg === "object" && "version" in pkg ? String(pkg.version) : "unknown";
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: Output): Promise<number> {
  const [command, ...args] = argv;
  if (command === "start") {
    await import("../main.ts");
    return -1; // the server keeps running; main.ts owns the exit
  }
  if (command === "--version" || command === "-v" || command === "version") {
    io.out(`tasklane ${version()}`);
    return 0;
  }
  if (command === "schema") return schemaCommand(io);
  const api = command === undefined ? undefined : API_COMMANDS[command];
  if (api !== undefined) {
    try {
      return await api(args, env, io);
    } catch (error) {
      if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
        io.err(`${error.message}\n${USAGE}`);
        return 2;
      }
      io.err(describeFailure(command ?? "", error));
      return 1;
    }
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
