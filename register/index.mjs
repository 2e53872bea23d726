/** `node --import tasklane/register app.mjs`: the same hook as `--require` (see redirect.cjs). */
import { createRequire } from "node:module";

createRequire(import.meta.url)("./index.cjs");
