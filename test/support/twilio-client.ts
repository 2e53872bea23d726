/**
 * The official `twilio` SDK pointed at a Tasklane server: an httpClient that rewrites every
 * https://*.twilio.com URL (including absolute next_page_url values) to the server's base URL.
 */
import twilio from "twilio";
import type RequestClientNS from "twilio/lib/base/RequestClient.js";

export class LocalRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super();
  }

  override request<TData>(opts: RequestClientNS.RequestOptions<TData>) {
    const url = new URL(opts.uri);
    if (url.hostname.endsWith(".twilio.com")) {
      const base = new URL(this.base);
      url.protocol = base.protocol;
      url.host = base.host;
    }
    return super.request<TData>({ ...opts, uri: url.toString() });
  }
}

export type TwilioClient = ReturnType<typeof twilio>;

export function clientFor(
  baseUrl: string,
  username: string,
  password: string,
  accountSid?: string,
): TwilioClient {
  return twilio(username, password, {
    httpClient: new LocalRequestClient(baseUrl),
    ...(accountSid ? { accountSid } : {}),
  });
}
