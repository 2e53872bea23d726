/**
 * A server in a process of its own (run by the dispatch suite through spawnService), so that its
 * main thread runs nothing but the server and /proc/<pid>/task/<pid>/stat reads its CPU alone:
 * - `{"kind":"tasklane","db":path}`: a real Tasklane on the seeded SQLite file (startBenchServer);
 * - `{"kind":"empty"}`: the empty Fastify route, the reference.
 * Sends `{url, port, authorization}` when listening; `{type:"stop"}` closes it and exits.
 */
import { startEmptyRoute } from "./autocannon.ts";
import { startBenchServer } from "./server.ts";

const input = JSON.parse(process.argv[2] ?? "{}") as { kind: "tasklane"; db: string } | { kind: "empty" };
const send = (message: object) => process.send?.(message);

if (input.kind === "tasklane") {
  const server = await startBenchServer(input.db);
  send({ url: server.baseUrl, port: server.server.port, authorization: server.authorization });
  process.on("message", (m: { type?: string }) => {
    if (m.type === "stop") void server.close().then(() => process.exit(0));
  });
} else {
  const empty = await startEmptyRoute();
  send({ url: empty.url, port: 0, authorization: "" });
  process.on("message", (m: { type?: string }) => {
    if (m.type === "stop") void empty.close().then(() => process.exit(0));
  });
}
