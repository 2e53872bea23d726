// The console's build: Preact + TypeScript, bundled by Vite into web/dist (git-ignored), served by
// the Tasklane server at /console (src/api/console). No dev server is needed to use it.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/console/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The worker SDK is one ~130 kB chunk loaded only by the agent desktop.
    chunkSizeWarningLimit: 400,
    modulePreload: { polyfill: false },
  },
});
