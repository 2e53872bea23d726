// `npm run build` (also run by `npm install` through `prepare`): compiles src/ to dist/ with tsc, so
// `npm start` runs plain JavaScript in one process, and copies the files the server reads at run
// time (SQL migrations, the OpenAPI spec) next to the compiled modules.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
if (!existsSync(tsc)) {
  console.error("build: TypeScript is not installed (run npm install first)");
  process.exit(1);
}
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

const ASSETS = /\.(sql|json)$/;
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (ASSETS.test(name)) cpSync(path, join(root, "dist", relative(join(root, "src"), path)));
  }
}
copyAssets(join(root, "src"));
console.log(`build: dist/ ready in ${Math.round(performance.now() - started)} ms`);
