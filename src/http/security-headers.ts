import type { NextFunction, Request, RequestHandler, Response } from "express";

/**
 * Content-Security-Policy of the web UI and the playground (dist/web). Both are
 * Vite builds whose scripts and stylesheets are files under /assets; GraphiQL
 * (CodeMirror) sets `style` attributes at run time, hence 'unsafe-inline' for
 * styles only. Requests go to this origin (HTTP and graphql-ws).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

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

/** Give this answer the CSP of Folio's own pages. */
export function usePageSecurityPolicy(res: Response): void {
  res.setHeader("content-security-policy", PAGE_CSP);
}
