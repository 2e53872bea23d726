/** Every resource plugin of the API, one line each. */
import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../context.ts";
import { activitiesPlugin } from "./activities.ts";
import { keysPlugin } from "./keys.ts";
import { taskChannelsPlugin } from "./task-channels.ts";
import { workspacesPlugin } from "./workspaces.ts";

export async function registerResources(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(keysPlugin, { deps });
  await app.register(workspacesPlugin, { deps });
  await app.register(activitiesPlugin, { deps });
  await app.register(taskChannelsPlugin, { deps });
}
