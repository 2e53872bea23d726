/** The messages between ./checkpointer.ts and the checkpoint thread (./checkpoint-thread.ts). */
export type CheckpointRequest =
  | { id: number; connection: number; type: "open"; path: string }
  | { id: number; connection: number; type: "checkpoint" }
  | { id: number; connection: number; type: "close" };

export type CheckpointReply = { id: number; ok: true } | { id: number; ok: false; message: string };
