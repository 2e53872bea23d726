/**
 * Starts the real twilio-run (the Serverless Toolkit) on a functions folder, loaded with
 * `--import tasklane/register` and TASKLANE_URL, as docs/functions.md tells users to.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const BIN = join(root, "node_modules", "twilio-run", "bin", "twilio-run.js");

export interface TwilioRun {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startTwilioRun(options: {
  dir: string;
  envFile: string;
  tasklaneUrl: string;
  /** How the hook is loaded: a flag on node, or NODE_OPTIONS inherited from the environment. */
  via: "import" | "NODE_OPTIONS";
  port?: number;
}): Promise<TwilioRun> {
  const port = options.port ?? (await freePort());
  const hook = ["--import", "tasklane/register"];
  const args = [...(options.via === "import" ? hook : []), BIN, "start", options.dir, "--port", String(port)];
  args.push("--env", options.envFile);
  const { NODE_OPTIONS: _parent, ...env } = process.env;
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...env,
      TASKLANE_URL: options.tasklaneUrl,
      NO_UPDATE_NOTIFIER: "1",
      FORCE_COLOR: "0",
      ...(options.via === "NODE_OPTIONS" ? { NODE_OPTIONS: hook.join(" ") } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 25_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`twilio-run exited: ${output}`);
    try {
      const response = await fetch(`${url}/context`);
      if (response.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`twilio-run did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
