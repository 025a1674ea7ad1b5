import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDotEnv, resolveUserPath, userCwd } from "../../src/cli/env-file.js";
import { graphqlEndpoint } from "../../src/client/folio-client.js";

describe("the user's directory under npm run", () => {
  it("is INIT_CWD when npm runs the script, the process's own directory otherwise", () => {
    const underNpm = { npm_lifecycle_event: "folio", INIT_CWD: "/home/ana/scans" };
    expect(userCwd(underNpm, "/srv/folio")).toBe("/home/ana/scans");
    expect(resolveUserPath("invoice.pdf", underNpm, "/srv/folio")).toBe("/home/ana/scans/invoice.pdf");
    expect(resolveUserPath("/tmp/a.pdf", underNpm, "/srv/folio")).toBe("/tmp/a.pdf");
    // A stale INIT_CWD outside an npm script is ignored.
    expect(resolveUserPath("invoice.pdf", { INIT_CWD: "/elsewhere" }, "/srv/folio")).toBe("/srv/folio/invoice.pdf");
  });
});

describe(".env", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "folio-env-"));
    await fs.writeFile(path.join(dir, ".env"), '# comment\nFOLIO_URL=http://folio.example:4000\nFOLIO_API_KEY="from-file"\nLOG_LEVEL=debug\nEMPTY=\n');
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it("fills in variables that are not set; the real environment wins, even when set to empty", () => {
    const env: NodeJS.ProcessEnv = { FOLIO_API_KEY: "from-env", LOG_LEVEL: "" };
    expect(loadDotEnv(env, dir)).toBe(path.join(dir, ".env"));
    expect(env).toEqual({ FOLIO_URL: "http://folio.example:4000", FOLIO_API_KEY: "from-env", LOG_LEVEL: "", EMPTY: "" });
  });

  it("is read from the user's directory under npm run, and is optional", () => {
    const env: NodeJS.ProcessEnv = { npm_lifecycle_event: "folio", INIT_CWD: dir };
    loadDotEnv(env, "/nonexistent-package-root");
    expect(env.FOLIO_API_KEY).toBe("from-file");
    const bare: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(bare, os.tmpdir() + "/folio-no-such-dir")).toBeNull();
    expect(bare).toEqual({});
  });
});

describe("graphqlEndpoint", () => {
  it("accepts the base URL or the endpoint, with or without trailing slashes", () => {
    for (const url of ["http://localhost:4000", "http://localhost:4000/", "http://localhost:4000/graphql", "http://localhost:4000/graphql/"]) {
      expect(graphqlEndpoint(url), url).toBe("http://localhost:4000/graphql");
    }
    // Behind a path prefix.
    expect(graphqlEndpoint("https://example.com/folio/graphql")).toBe("https://example.com/folio/graphql");
    expect(graphqlEndpoint("https://example.com/folio")).toBe("https://example.com/folio/graphql");
  });
});
