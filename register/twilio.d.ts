import type twilio from "twilio";

export interface CreateClientOptions {
  /** Defaults to TASKLANE_URL. */
  url?: string;
  /** Defaults to TASKLANE_ACCOUNT_SID, then TWILIO_ACCOUNT_SID. */
  accountSid?: string;
  /** Defaults to TASKLANE_AUTH_TOKEN, then TWILIO_AUTH_TOKEN. */
  authToken?: string;
  /** The twilio module to use (default: the application's own). */
  twilio?: typeof twilio;
  env?: NodeJS.ProcessEnv;
  clientOptions?: Record<string, unknown>;
}

export function createClient(options?: CreateClientOptions): ReturnType<typeof twilio>;
