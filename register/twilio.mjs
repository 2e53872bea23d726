/** ESM entry of tasklane/twilio (see twilio.cjs). */
import { createRequire } from "node:module";

export const { createClient } = createRequire(import.meta.url)("./twilio.cjs");
