/** `node --require tasklane/register app.js` (see redirect.cjs). */
"use strict";
const { install, inherit } = require("./redirect.cjs");

const state = install();
inherit();
if (state.target instanceof Error && process.env.TASKLANE_QUIET !== "1") {
  process.emitWarning(state.target.message, { code: "TASKLANE_NO_TARGET" });
}
