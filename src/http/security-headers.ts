import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { ObjectStore } from "../storage/object-store.js";

/**
 * Content-Security-Policy of the web UI and the playground (dist/web). Both are
 * Vite builds whose scripts and stylesheets are files under /assets; GraphiQL
 * (CodeMirror) sets `style` attributes at run time, hence 'unsafe-inline' for
 * styles only. Requests go to this origin (HTTP and graphql-ws), and to
 * `connectOrigins` besides: the object store's, where the web UI PUTs direct
 * uploads (s3 driver).
 */
export function pageSecurityPolicy(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connectOrigins].join(" "),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The pages' CSP on a server without direct uploads (local storage): requests to this origin only. */
export const PAGE_CSP = pageSecurityPolicy();

/**
 * The origin a presigned PUT of this store goes to, or null when the store
 * takes no direct uploads. Taken from a real presigned URL (presigning is a
 * local signature, nothing is written) rather than rebuilt from the settings:
 * the S3 client picks path or virtual-host style, and AWS regional hosts, itself.
 */
export async function directUploadOrigin(store: Pick<ObjectStore, "directUploads" | "presignPut">): Promise<string | null> {
  if (!store.directUploads) return null;
  const put = await store.presignPut("uploads/page-csp-probe", { expiresInSeconds: 60 });
  return new URL(put.url).origin;
}

/** Everything else (JSON, downloads) is never a page: it may load nothing and run nothing. */
export const API_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";

/**
 * Headers every answer carries: no MIME sniffing (a download is never run as
 * a page), no framing (clickjacking), no Referer (download links carry a
 * signature in their query), and the strict CSP; pages switch to
 * {@link PAGE_CSP} with {@link usePageSecurityPolicy}. Four headers do not
 * justify `helmet`.
 */
export function securityHeaders(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("x-frame-options", "DENY");
    res.setHeader("referrer-policy", "no-referrer");
    res.setHeader("content-security-policy", API_CSP);
    next();
  };
}

/** Give this answer the CSP of Folio's own pages (`policy`: {@link pageSecurityPolicy}'s, PAGE_CSP by default). */
export function usePageSecurityPolicy(res: Response, policy: string = PAGE_CSP): void {
  res.setHeader("content-security-policy", policy);
}
