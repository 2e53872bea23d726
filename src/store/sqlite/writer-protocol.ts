/** The messages between a SqliteStore (./writer.ts) and the writer thread (./writer-thread.ts). */
import type { WriteOp, WriteResult } from "./write-connection.ts";

export type ThreadRequest =
  | { id: number; connection: number; type: "open"; path: string; synchronous: "NORMAL" | "FULL" }
  | { id: number; connection: number; type: "write"; write: WriteOp }
  | { id: number; connection: number; type: "close" };

export type ThreadReply =
  | { id: number; ok: true; value: WriteResult }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };
