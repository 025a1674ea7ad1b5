import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

// The web UI (index.html) and the offline GraphQL playground (playground.html), built into
// dist/web and served by the API. Every asset comes from npm packages: nothing loads from a CDN.
export default defineConfig({
  root: here,
  base: "/",
  plugins: [react()],
  resolve: {
    // The SDK (src/client) is shared with the CLI: the browser bundles the same client, fold and step list.
    alias: { "@folio/client": path.resolve(here, "../src/client/index.ts") },
  },
  build: {
    outDir: path.resolve(here, "../dist/web"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      // react-compiler-runtime (a GraphiQL dependency) carries a module-level "use no memo" directive that
      // bundlers drop with a warning on every build; it has no effect on the output.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
      input: { index: path.resolve(here, "index.html"), playground: path.resolve(here, "playground.html") },
    },
  },
});
