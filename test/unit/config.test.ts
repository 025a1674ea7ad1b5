import os from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/env.js";

describe("loadConfig", () => {
  it("runs with no configuration at all: local storage, local Postgres and Redis", () => {
    const config = loadConfig({});
    expect(config.storage.driver).toBe("local");
    expect(config.storage.s3).toBeNull();
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(config.publicUrl).toBe("http://localhost:4000");
    expect(config.signingSecretIsEphemeral).toBe(true);
    expect(config.maxUploadBytes).toBe(100 * 1024 * 1024);
  });

  it("suggests direct uploads (s3 driver) from 64 MiB by default; DIRECT_UPLOAD_MIN_BYTES=0 suggests them for every file", () => {
    expect(loadConfig({}).directUploadMinBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ DIRECT_UPLOAD_MIN_BYTES: "0" }).directUploadMinBytes).toBe(0);
    expect(() => loadConfig({ DIRECT_UPLOAD_MIN_BYTES: "-1" })).toThrow(ConfigError);
  });

  it("re-reads up to 4 doubtful key-field regions per OCR'd page by default; 0 turns targeted re-OCR off", () => {
    expect(loadConfig({}).limits.ocrRereadRegions).toBe(4);
    expect(loadConfig({ OCR_REREAD_MAX_REGIONS: "0" }).limits.ocrRereadRegions).toBe(0);
  });

  it("re-reads a German page's company name with the German model by default; false turns it off", () => {
    expect(loadConfig({}).limits.ocrGermanNames).toBe(true);
    expect(loadConfig({ OCR_GERMAN_NAMES: "false" }).limits.ocrGermanNames).toBe(false);
    expect(() => loadConfig({ OCR_GERMAN_NAMES: "maybe" })).toThrow(ConfigError);
  });

  it("reads up to 4 lines of ink no OCR word covers per page by default; 0 turns it off; at most 16", () => {
    expect(loadConfig({}).ocrInkRegions).toBe(4);
    expect(loadConfig({ OCR_INK_MAX_REGIONS: "0" }).ocrInkRegions).toBe(0);
    expect(loadConfig({ OCR_INK_MAX_REGIONS: "8" }).ocrInkRegions).toBe(8);
    expect(() => loadConfig({ OCR_INK_MAX_REGIONS: "17" })).toThrow(/OCR_INK_MAX_REGIONS/);
    expect(() => loadConfig({ OCR_INK_MAX_REGIONS: "-1" })).toThrow(/OCR_INK_MAX_REGIONS/);
  });

  it("reads an OCR page again with automatic layout below 0.6 mean confidence by default; 0 never; only shares from 0 to 1", () => {
    expect(loadConfig({}).ocrUnsurePageConfidence).toBe(0.6);
    expect(loadConfig({ OCR_UNSURE_PAGE_CONFIDENCE: "0" }).ocrUnsurePageConfidence).toBe(0);
    expect(loadConfig({ OCR_UNSURE_PAGE_CONFIDENCE: "0.45" }).ocrUnsurePageConfidence).toBe(0.45);
    expect(() => loadConfig({ OCR_UNSURE_PAGE_CONFIDENCE: "1.5" })).toThrow(/OCR_UNSURE_PAGE_CONFIDENCE: expected a number from 0 to 1/);
    expect(() => loadConfig({ OCR_UNSURE_PAGE_CONFIDENCE: "high" })).toThrow(/OCR_UNSURE_PAGE_CONFIDENCE/);
  });

  it("makes searchable PDFs by default; SEARCHABLE_PDF=false turns them off", () => {
    expect(loadConfig({}).limits.searchablePdf).toBe(true);
    expect(loadConfig({ SEARCHABLE_PDF: "false" }).limits.searchablePdf).toBe(false);
  });

  it("OCRs only PDF pages without a text layer by default; OCR_MODE=redo|force widens that, anything else is refused", () => {
    expect(loadConfig({}).limits.ocrMode).toBe("skip");
    expect(loadConfig({ OCR_MODE: "redo" }).limits.ocrMode).toBe("redo");
    expect(loadConfig({ OCR_MODE: "force" }).limits.ocrMode).toBe("force");
    expect(() => loadConfig({ OCR_MODE: "always" })).toThrow(/OCR_MODE/);
  });

    it("sizes the PDF sandbox pool to the worker's concurrency, at most one process per core, unless PDF_POOL_SIZE says otherwise", () => {
    const cores = os.availableParallelism();
    expect(loadConfig({ WORKER_CONCURRENCY: "1" }).pdfPool).toEqual({ size: 1, maxJobsPerProcess: 100, recycleMb: 256 });
    expect(loadConfig({ WORKER_CONCURRENCY: "64" }).pdfPool.size).toBe(cores);
    expect(loadConfig({ WORKER_CONCURRENCY: "64", PDF_POOL_SIZE: "3", PDF_POOL_MAX_JOBS: "7", PDF_POOL_RECYCLE_MB: "300" }).pdfPool).toEqual({
      size: 3,
      maxJobsPerProcess: 7,
      recycleMb: 300,
    });
    expect(() => loadConfig({ PDF_POOL_SIZE: "0" })).toThrow(/PDF_POOL_SIZE: expected at least 1/);
  });

  it("treats blank values as unset", () => {
    expect(loadConfig({ PORT: "  ", LOG_LEVEL: "" }).port).toBe(4000);
  });

  it("parses an S3 configuration", () => {
    const config = loadConfig({
      STORAGE_DRIVER: "s3",
      S3_ENDPOINT: "http://minio:9000",
      S3_ACCESS_KEY: "ak",
      S3_SECRET_KEY: "sk",
      S3_PATH_STYLE: "false",
      S3_PART_SIZE_MB: "16",
    });
    expect(config.storage.s3).toMatchObject({ endpoint: "http://minio:9000", bucket: "folio", pathStyle: false, partSizeBytes: 16 * 1024 * 1024 });
  });

  it("lists every bad variable at once, with what it expects and never a secret's value", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", LOG_LEVEL: "loud", DATABASE_URL: "mysql://db", STORAGE_DRIVER: "s3", S3_SECRET_KEY: "hunter2", MAX_UPLOAD_BYTES: "-5" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/PORT: expected a whole number \(got "eighty"\)/);
    expect(problems).toMatch(/LOG_LEVEL: .*info/);
    expect(problems).toMatch(/DATABASE_URL: expected a URL \(postgres: or postgresql:\)/);
    expect(problems).toMatch(/S3_ENDPOINT: required when STORAGE_DRIVER=s3/);
    expect(problems).toMatch(/S3_ACCESS_KEY: required when STORAGE_DRIVER=s3/);
    expect(problems).toMatch(/MAX_UPLOAD_BYTES/);
    expect(problems).not.toContain("hunter2");
  });

  it("requires a signing secret in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/SIGNING_SECRET/);
    expect(loadConfig({ NODE_ENV: "production", SIGNING_SECRET: "pV3qL8xZ0wR2mT6yB1nK4cF7hJ9sD5gA" }).signingSecretIsEphemeral).toBe(false);
  });
});
