import type { NextFunction, Request, Response } from "express";
import { Upload } from "graphql-upload-minimal";

/**
 * The path of the second place a multipart request puts the same file
 * (e.g. `variables.files.1` when the map sends file "0" to `variables.files.0`
 * and `variables.files.1`), or null when every file is used once. A file is a
 * single stream: it can be read only once.
 */
export function duplicateUploadPath(operations: unknown): string | null {
  const seen = new Set<Upload>();
  const stack: [unknown, string][] = [[operations, ""]];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (value instanceof Upload) {
      if (seen.has(value)) return at;
      seen.add(value);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], at ? `${at}.${i}` : String(i)]);
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value).reverse()) stack.push([item, at ? `${at}.${key}` : key]);
    }
  }
  return null;
}

/**
 * Express middleware, after the multipart parser: a request whose `map` sends
 * one file to several variables is VALIDATION_FAILED (HTTP 400) instead of
 * failing later when the second reader finds the stream already consumed.
 */
export function uploadMappedOnce() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.is("multipart/form-data")) return next();
    const path = duplicateUploadPath(req.body);
    if (!path) return next();
    res.status(400).json({
      errors: [{ message: `A file is mapped to more than one variable (again at ${path}); send each file once per use.`, extensions: { code: "VALIDATION_FAILED" } }],
    });
  };
}
