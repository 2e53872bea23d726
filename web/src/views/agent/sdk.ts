/**
 * The official worker SDK (`twilio-taskrouter`, its browser build) loaded on demand, pointed at this
 * server's gateway (/v1/wschannels, docs/worker-sdk.md). Only what the agent desktop uses is typed.
 */

export interface SdkActivity {
  sid: string;
  name: string;
  available: boolean;
  isCurrent: boolean;
  setAsCurrent(): Promise<SdkActivity>;
}

export interface SdkTask {
  sid: string;
  attributes: Record<string, unknown>;
  status: string;
  taskChannelUniqueName: string;
  queueName: string;
  wrapUp(options: { reason: string }): Promise<SdkTask>;
  complete(reason: string): Promise<SdkTask>;
}

export interface SdkReservation {
  sid: string;
  status: string;
  task: SdkTask;
  accept(): Promise<SdkReservation>;
  reject(): Promise<SdkReservation>;
  on(event: string, listener: (reservation: SdkReservation) => void): void;
}

export interface SdkWorker {
  sid: string;
  name: string;
  activity: SdkActivity;
  activities: Map<string, SdkActivity>;
  reservations: Map<string, SdkReservation>;
  on(event: "ready" | "activityUpdated" | "disconnected", listener: (worker: SdkWorker) => void): void;
  on(event: "reservationCreated", listener: (reservation: SdkReservation) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  disconnect(): void;
}

type WorkerClass = new (token: string, options: Record<string, unknown>) => SdkWorker;

export async function connectWorker(token: string): Promise<SdkWorker> {
  const sdk = (await import("twilio-taskrouter")) as unknown as {
    Worker?: WorkerClass;
    default?: { Worker: WorkerClass };
  };
  const Worker = sdk.Worker ?? sdk.default?.Worker;
  if (Worker === undefined) throw new Error("The twilio-taskrouter bundle has no Worker class");
  const socket = location.protocol === "https:" ? "wss:" : "ws:";
  return new Worker(token, {
    ebServer: `${location.origin}/v1/wschannels`,
    wsServer: `${socket}//${location.host}/v1/wschannels`,
    logLevel: "error",
  });
}
