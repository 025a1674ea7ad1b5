// The typed Folio SDK for Node and the browser: the client, the shared progress logic and every generated operation.
export * from "./folio-client.js";
export * from "./direct-upload.js";
export * from "./steps.js";
export * from "./progress.fold.js";
export * from "./progress.follow.js";
export * from "./links.js";
export * from "./generated/graphql.js";
export * from "./sha256.stream.js";
export * from "./rate-limit.retry.js";
