import { describe, expect, it } from "vitest";
import { directUploadOrigin, PAGE_CSP, pageSecurityPolicy } from "../../src/http/security-headers.js";

describe("the pages' Content-Security-Policy and direct uploads", () => {
  it("lets the pages connect to this origin only, unless the object store's origin is added (s3 driver)", () => {
    expect(PAGE_CSP).toContain("connect-src 'self';");
    const policy = pageSecurityPolicy(["https://folio-bucket.s3.eu-west-1.amazonaws.com"]);
    expect(policy).toContain("connect-src 'self' https://folio-bucket.s3.eu-west-1.amazonaws.com;");
    // Nothing else loosens: scripts, images and frames stay as strict as without direct uploads.
    expect(policy.replace(" https://folio-bucket.s3.eu-west-1.amazonaws.com", "")).toBe(PAGE_CSP);
  });

  it("takes the store's origin from a presigned PUT (path or virtual-host style alike), and none without direct uploads", async () => {
    const presigning = (url: string) => ({ directUploads: true, presignPut: () => Promise.resolve({ method: "PUT" as const, url, headers: {} }) });
    expect(await directUploadOrigin(presigning("http://127.0.0.1:9000/folio/uploads/page-csp-probe?X-Amz-Signature=x"))).toBe("http://127.0.0.1:9000");
    expect(await directUploadOrigin(presigning("https://folio.s3.amazonaws.com/uploads/page-csp-probe?X-Amz-Signature=x"))).toBe("https://folio.s3.amazonaws.com");
    const local = { directUploads: false, presignPut: () => Promise.reject(new Error("DIRECT_UPLOAD_UNSUPPORTED")) };
    expect(await directUploadOrigin(local)).toBeNull();
  });
});
