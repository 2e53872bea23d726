/** The API's entry point for the composition root: deps + authenticator + app in one call. */
import type { FastifyInstance } from "fastify";
import type { Clock } from "../domain/clock.ts";
import type { SidSource } from "../domain/sid.ts";
import type { AccountRuntime } from "../runtime/account-runtime.ts";
import type { AccountCredentials, Store } from "../store/port.ts";
import { buildApp } from "./app.ts";
import { basicAuthenticator } from "./auth/basic-auth.ts";
import { type ApiDeps, makeDeps } from "./context.ts";

export interface ApiOptions {
  runtime: AccountRuntime;
  store: Store;
  clock: Clock;
  sids: SidSource;
  credentials: AccountCredentials;
  publicUrl: string;
  logger?: boolean;
}

export const api = {
  async build(options: ApiOptions): Promise<{ app: FastifyInstance; deps: ApiDeps }> {
    const deps = makeDeps({
      runtime: options.runtime,
      store: options.store,
      clock: options.clock,
      sids: options.sids,
      publicUrl: options.publicUrl,
    });
    const authenticator = basicAuthenticator(options.credentials, options.store);
    const app = await buildApp({ deps, authenticator, logger: options.logger ?? false });
    return { app, deps };
  },
};
