#!/usr/bin/env node
// The `tasklane` command: the compiled CLI (dist/, built by `npm install` / `npm run build`), or the
// TypeScript sources through tsx in a checkout that has not been built.
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
