/**
 * The wire layer's one error body: REST replies, the gateway's EB endpoint and refused sockets all
 * send `errorBody(error)`, so a builder's text and code reach every client unchanged.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  gatewayRouteNotFound,
  internalFailure,
  notFound,
  tooManyRequests,
  virtualStartTooEarly,
} from "../../../src/domain/errors.ts";
import { endWithError, errorBody } from "../../../src/wire/errors.ts";

function written(socket: PassThrough): string {
  const chunks: Buffer[] = [];
  let chunk: Buffer | null = socket.read();
  while (chunk !== null) {
    chunks.push(chunk);
    chunk = socket.read();
  }
  return Buffer.concat(chunks).toString("utf8");
}

describe("wire error body", () => {
  it("is Twilio's {code, message, more_info, status} with the builder's text", () => {
    expect(errorBody(notFound("Worker", "WK1"))).toEqual({
      code: 20404,
      message: "The requested resource Worker WK1 was not found",
      more_info: "https://www.twilio.com/docs/errors/20404",
      status: 404,
    });
    expect(errorBody(gatewayRouteNotFound("GET", "Workspaces"))).toMatchObject({
      code: 20404,
      message: "The worker gateway does not support GET Workspaces",
    });
    expect(errorBody(virtualStartTooEarly())).toMatchObject({
      code: 20001,
      status: 400,
      message: "Invalid parameter VirtualStartTime: must not be before 1900-01-01",
    });
  });

  it("keeps the cause of an internal failure for the log but says only what failed", () => {
    const cause = new Error("disk full");
    const error = internalFailure("the change could not be saved", cause);
    expect(error.cause).toBe(cause);
    expect(errorBody(error)).toMatchObject({
      code: 20500,
      status: 500,
      message: "Internal error: the change could not be saved (disk full)",
    });
  });

  it("answers on a raw socket with a whole HTTP response and ends it", () => {
    const socket = new PassThrough();
    endWithError(socket, tooManyRequests("Worker WK1 already has 10 open websockets"));
    const text = written(socket);
    const [head, body] = text.split("\r\n\r\n");
    expect(head?.split("\r\n")).toEqual([
      "HTTP/1.1 429 Too Many Requests",
      "Connection: close",
      "Content-Type: application/json",
      `Content-Length: ${Buffer.byteLength(body ?? "")}`,
    ]);
    expect(JSON.parse(body ?? "")).toEqual({
      code: 20429,
      message: "Worker WK1 already has 10 open websockets",
      more_info: "https://www.twilio.com/docs/errors/20429",
      status: 429,
    });
    expect(socket.writableEnded).toBe(true);
  });
});
