/**
 * The dispatch benchmark's receivers in a process of their own (run through spawnService): the
 * assignment callback receiver and one websocket per worker (dispatch-receivers.ts), so their CPU
 * is not on the server's main thread. Sends `{url}` (the callback URL) when listening; then:
 * - `{type:"sockets", …}` opens the worker sockets, answers `{opened}`;
 * - `{type:"counts"}` answers `{callback, websocket}` (latencies collected so far);
 * - `{type:"take"}` answers `{callback: number[], websocket: number[]}` and clears both;
 * - `{type:"stop"}` closes everything and exits.
 */
import { openWorkerSockets, startCallbackReceiver, type WorkerSockets } from "./dispatch-receivers.ts";

const callback: number[] = [];
const websocket: number[] = [];
const receiver = await startCallbackReceiver(callback);
let sockets: WorkerSockets | null = null;
const send = (message: object) => process.send?.(message);

interface Message {
  type: "sockets" | "counts" | "take" | "stop";
  wsUrl?: string;
  accountSid?: string;
  workspaceSid?: string;
  workerSids?: string[];
  key?: { sid: string; secret: string };
}

process.on("message", (m: Message) => {
  if (m.type === "sockets") {
    void openWorkerSockets({
      wsUrl: m.wsUrl ?? "",
      accountSid: m.accountSid ?? "",
      workspaceSid: m.workspaceSid ?? "",
      workerSids: m.workerSids ?? [],
      key: m.key ?? { sid: "", secret: "" },
      latencies: websocket,
    }).then((opened) => {
      sockets = opened;
      send({ opened: m.workerSids?.length ?? 0 });
    });
  } else if (m.type === "counts") {
    send({ callback: callback.length, websocket: websocket.length });
  } else if (m.type === "take") {
    send({ callback: callback.splice(0), websocket: websocket.splice(0) });
  } else if (m.type === "stop") {
    sockets?.close();
    process.exit(0);
  }
});
send({ url: receiver.url });
