#!/usr/bin/env node
// The `tasklane` command: the compiled CLI (dist/, built by `npm install` / `npm run build`), or the
// TypeScript sources through tsx in a checkout that has not been built, or when
// TASKLANE_CLI_FROM_SOURCE=1 (the test suite: it tests the sources, not a possibly stale build).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(compiled) && process.env.TASKLANE_CLI_FROM_SOURCE !== "1") {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
