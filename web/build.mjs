#!/usr/bin/env node
// Builds the console into web/dist (npm's `prepare`, so `npm install` / `npm ci` leave it ready).
// An install without dev dependencies has no Vite: it says so and leaves the console unbuilt (the
// server then answers /console with "not built") instead of failing the install.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
try {
  require.resolve("vite");
} catch {
  console.warn("tasklane: vite is not installed (dev dependencies omitted): the console is not built");
  process.exit(0);
}
const { build } = await import("vite");
await build({ configFile: fileURLToPath(new URL("./vite.config.ts", import.meta.url)), logLevel: "warn" });
console.log("tasklane: console built into web/dist");
