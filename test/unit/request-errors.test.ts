import { parse } from "graphql";
import { Upload } from "graphql-upload-minimal";
import { describe, expect, it } from "vitest";
import { requestErrorStatus, uploadParserErrorCode } from "../../src/graphql/errors.js";
import { documentHasNul, findNulInValue } from "../../src/graphql/input.guard.js";
import { duplicateUploadPath } from "../../src/http/upload-map.guard.js";

describe("requestErrorStatus", () => {
  it("maps client codes to their status and leaves server faults alone", () => {
    expect(requestErrorStatus("QUERY_TOO_COMPLEX")).toBe(400);
    expect(requestErrorStatus("RATE_LIMITED")).toBe(429);
    expect(requestErrorStatus("GRAPHQL_VALIDATION_FAILED")).toBe(400);
    expect(requestErrorStatus("BAD_USER_INPUT")).toBe(400);
    expect(requestErrorStatus("INTERNAL_ERROR")).toBeNull();
    expect(requestErrorStatus("STORAGE_UNAVAILABLE")).toBe(503); // a dependency that is away: retry later
    expect(requestErrorStatus("INTERNAL_SERVER_ERROR")).toBeNull();
    expect(requestErrorStatus(undefined)).toBeNull();
  });
});

describe("uploadParserErrorCode", () => {
  const httpError = (status: number, message: string) => Object.assign(new Error(message), { status });
  it("tells too many files from too large a file", () => {
    expect(uploadParserErrorCode(httpError(413, "20 max file uploads exceeded."))).toBe("TOO_MANY_FILES");
    expect(uploadParserErrorCode(httpError(413, "File truncated as it exceeds the 10 byte size limit."))).toBe("FILE_TOO_LARGE");
    // A body the multipart spec cannot read is malformed (BAD_REQUEST), not invalid input.
    expect(uploadParserErrorCode(httpError(400, "Missing multipart field 'map'."))).toBe("BAD_REQUEST");
    expect(uploadParserErrorCode(httpError(500, "couldn't find any files"))).toBeNull();
    expect(uploadParserErrorCode(new Error("no status"))).toBeNull();
  });
});

describe("NUL detection", () => {
  it("finds NUL anywhere in plain variables and names where", () => {
    expect(findNulInValue({ f: { search: "ok", labels: ["a", "b\u0000"] } }, "$variables")).toBe("$variables.f.labels[1]");
    expect(findNulInValue({ f: { search: "fine" }, n: 5, x: null }, "$variables")).toBeNull();
  });
  it("survives deeply nested input", () => {
    let deep: unknown = "x\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNulInValue(deep, "$v")).toMatch(/^\$v(\[0\])+$/);
  });
  it("finds NUL in string literals of the operation", () => {
    expect(documentHasNul(parse('{ documents(filter: { search: "a\\u0000b" }) { totalCount } }'))).toBe(true);
    expect(documentHasNul(parse('{ documents(filter: { search: "ab" }) { totalCount } }'))).toBe(false);
  });
});

describe("duplicateUploadPath", () => {
  it("finds a file placed in two variables", () => {
    const file = new Upload();
    expect(duplicateUploadPath({ query: "q", variables: { files: [file, file] } })).toBe("variables.files.1");
    expect(duplicateUploadPath({ query: "q", variables: { files: [new Upload(), new Upload()] } })).toBeNull();
    expect(duplicateUploadPath([{ variables: { a: file } }, { variables: { b: file } }])).toBe("1.variables.b");
  });
});
