#!/usr/bin/env node
// The `tasklane` command: runs the TypeScript CLI (src/cli/main.ts) through tsx.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
