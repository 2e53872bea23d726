/**
 * HTTP routes of the simulated calls (Basic auth like every route):
 *   POST /tasklane/v1/Calls                 To, From, Url [Method] or Twiml, [StatusCallback]: an inbound
 *                                           call; answers once its first TwiML run stopped (waiting in a
 *                                           queue, or ended), with the transcript so far
 *   GET  /tasklane/v1/Calls[/{CA}]          status and transcript
 *   POST /tasklane/v1/Calls/{CA}            Status=completed (hang up), or Url / Twiml (new document)
 *   Twilio's Calls API, for the official SDK (client.calls.create / client.calls(sid).update / fetch):
 *   POST|GET /2010-04-01/Accounts/{AC}/Calls.json, GET|POST /2010-04-01/Accounts/{AC}/Calls/{CA}.json
 *   Conferences made by the conference instruction:
 *   GET /2010-04-01/Accounts/{AC}/Conferences/{CF}.json, GET …/Participants.json,
 *   POST …/Participants/{CA}.json (Hold, Muted), DELETE …/Participants/{CA}.json (kick)
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  emptyCallUpdate,
  invalidCallStatus,
  invalidCallUrl,
  missingCallFrom,
  missingCallTo,
  missingCallUrl,
  notFound,
} from "../../domain/errors.ts";
import { Params } from "../../wire/params.ts";
import { principal } from "../../wire/request.ts";
import type { Call, CallDirection } from "../call.ts";
import type { VoiceService } from "../voice-service.ts";
import {
  callUri,
  renderConference,
  renderParticipant,
  renderTasklaneCall,
  renderTwilioCall,
} from "./render.ts";

/** How long POST /tasklane/v1/Calls waits for the first run (webhooks have 15 s each). */
const SETTLE_WAIT_MS = 20_000;

export function registerCallRoutes(app: FastifyInstance, voice: VoiceService, publicUrl: () => string): void {
  const tasklaneUrl = (call: Call) => `${publicUrl()}/tasklane/v1/Calls/${call.sid}`;

  app.post("/tasklane/v1/Calls", async (request, reply) => {
    const { call, settled } = voice.place(readPlace(request, "inbound"));
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, SETTLE_WAIT_MS).unref())]);
    return reply.status(201).send(renderTasklaneCall(call, tasklaneUrl(call)));
  });
  app.get("/tasklane/v1/Calls", async (request) => ({
    calls: voice
      .list(principal(request).accountSid)
      .map((call) => renderTasklaneCall(call, tasklaneUrl(call))),
  }));
  app.get<{ Params: { sid: string } }>("/tasklane/v1/Calls/:sid", async (request) => {
    const call = ownCall(voice, request, request.params.sid);
    return renderTasklaneCall(call, tasklaneUrl(call));
  });
  app.post<{ Params: { sid: string } }>("/tasklane/v1/Calls/:sid", async (request) => {
    const call = ownCall(voice, request, request.params.sid);
    await voice.update(call, readUpdate(request));
    return renderTasklaneCall(call, tasklaneUrl(call));
  });

  const base = "/2010-04-01/Accounts/:account";
  app.post<{ Params: { account: string } }>(`${base}/Calls.json`, async (request, reply) => {
    ownAccount(request, request.params.account);
    const { call } = voice.place(readPlace(request, "outbound-api"));
    return reply.status(201).send(renderTwilioCall(call));
  });
  app.get<{ Params: { account: string } }>(`${base}/Calls.json`, async (request) => {
    const account = ownAccount(request, request.params.account);
    const calls = voice.list(account).map(renderTwilioCall);
    const uri = `/2010-04-01/Accounts/${account}/Calls.json`;
    return {
      calls,
      page: 0,
      page_size: calls.length,
      start: 0,
      end: Math.max(0, calls.length - 1),
      uri,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
    };
  });
  app.get<{ Params: { account: string; sid: string } }>(`${base}/Calls/:sid`, async (request) => {
    ownAccount(request, request.params.account);
    return renderTwilioCall(ownCall(voice, request, jsonSid(request.params.sid)));
  });
  app.post<{ Params: { account: string; sid: string } }>(`${base}/Calls/:sid`, async (request) => {
    ownAccount(request, request.params.account);
    const call = ownCall(voice, request, jsonSid(request.params.sid));
    const update = readUpdate(request);
    // Twilio answers at once; the new document runs afterwards.
    void voice.update(call, update);
    return {
      ...renderTwilioCall(call),
      ...(update.status ? { status: update.status } : {}),
      uri: callUri(call),
    };
  });

  const conferenceOf = (request: FastifyRequest<{ Params: { account: string; conference: string } }>) => {
    const account = ownAccount(request, request.params.account);
    const sid = jsonSid(request.params.conference);
    const conference = voice.conferences.get(sid);
    if (conference === undefined || conference.accountSid !== account) throw notFound("Conference", sid);
    return conference;
  };
  app.get<{ Params: { account: string; conference: string } }>(
    `${base}/Conferences/:conference`,
    async (request) => renderConference(conferenceOf(request)),
  );
  app.get<{ Params: { account: string; conference: string } }>(
    `${base}/Conferences/:conference/Participants.json`,
    async (request) => {
      const conference = conferenceOf(request);
      const participants = [...conference.participants.values()].map((p) => renderParticipant(conference, p));
      return {
        participants,
        page: 0,
        page_size: participants.length,
        first_page_uri: null,
        next_page_uri: null,
        previous_page_uri: null,
      };
    },
  );
  type ParticipantRoute = { Params: { account: string; conference: string; call: string } };
  app.post<ParticipantRoute>(`${base}/Conferences/:conference/Participants/:call`, async (request) => {
    const conference = conferenceOf(request);
    const sid = jsonSid(request.params.call);
    const participant = conference.participants.get(sid);
    if (participant === undefined) throw notFound("Participant", sid);
    const params = Params.of(request.body);
    const hold = params.boolean("Hold");
    const muted = params.boolean("Muted");
    if (hold !== undefined) participant.hold = hold;
    if (muted !== undefined) participant.muted = muted;
    const leg = voice.call(sid);
    if (leg !== undefined && hold !== undefined)
      voice.noteOn(leg, hold ? "hold" : "unhold", { conferenceSid: conference.sid });
    return renderParticipant(conference, participant);
  });
  app.delete<ParticipantRoute>(
    `${base}/Conferences/:conference/Participants/:call`,
    async (request, reply) => {
      const conference = conferenceOf(request);
      const sid = jsonSid(request.params.call);
      const leg = voice.call(sid);
      if (!conference.participants.has(sid) || leg === undefined) throw notFound("Participant", sid);
      await voice.update(leg, { status: "completed" });
      return reply.status(204).send();
    },
  );
}

function jsonSid(raw: string): string {
  return raw.endsWith(".json") ? raw.slice(0, -5) : raw;
}

function ownAccount(request: FastifyRequest, account: string): string {
  const own = principal(request).accountSid;
  if (account !== own) throw notFound("Account", account);
  return own;
}

function ownCall(voice: VoiceService, request: FastifyRequest, sid: string): Call {
  const call = voice.call(sid);
  if (call === undefined || call.accountSid !== principal(request).accountSid) throw notFound("Call", sid);
  return call;
}

function readPlace(request: FastifyRequest, direction: CallDirection) {
  const params = Params.of(request.body);
  const to = params.string("To");
  const from = params.string("From");
  const url = params.string("Url");
  const twiml = params.string("Twiml");
  if (to === undefined || to === "") throw missingCallTo();
  if (from === undefined || from === "") throw missingCallFrom();
  if (twiml === undefined && (url === undefined || url === "")) throw missingCallUrl();
  if (url !== undefined && !/^https?:\/\//i.test(url)) throw invalidCallUrl(url);
  const method = params.string("Method");
  const statusCallback = params.string("StatusCallback");
  const statusCallbackMethod = params.string("StatusCallbackMethod");
  return {
    accountSid: principal(request).accountSid,
    to,
    from,
    direction,
    ...(url !== undefined ? { url } : {}),
    ...(twiml !== undefined ? { twiml } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(statusCallback !== undefined ? { statusCallback } : {}),
    ...(statusCallbackMethod !== undefined ? { statusCallbackMethod } : {}),
  };
}

function readUpdate(request: FastifyRequest): {
  status?: string;
  url?: string;
  method?: string;
  twiml?: string;
} {
  const params = Params.of(request.body);
  const status = params.string("Status");
  if (status !== undefined && status !== "completed" && status !== "canceled")
    throw invalidCallStatus(status);
  const url = params.string("Url");
  const method = params.string("Method");
  const twiml = params.string("Twiml");
  if (status === undefined && url === undefined && twiml === undefined) throw emptyCallUpdate();
  return {
    ...(status !== undefined ? { status } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(twiml !== undefined ? { twiml } : {}),
  };
}
