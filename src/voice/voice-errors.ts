/**
 * Twilio's voice error codes, as the simulated calls report them: in the call's transcript (what the
 * Twilio debugger would show) and, for requests to the Calls API, as Twilio's JSON error.
 *   11200  HTTP retrieval failure (the webhook did not answer 2xx, or not in time)
 *   12100  Document parse failure (not XML, root not <Response>)
 *   12200  Schema validation warning (a verb Tasklane does not simulate, a bad attribute)
 *   14220  Enqueue: Provided Workflow was not a valid sid
 *   40140  Dequeue instruction on a task without call_sid
 *   21201 / 21213 / 21205  Calls API: no To / no From / no Url or Twiml
 */
export class VoiceError extends Error {
  override readonly name = "VoiceError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  get moreInfo(): string {
    return `https://www.twilio.com/docs/errors/${this.code}`;
  }
}
