// The typed Folio SDK: the client and every generated operation document and type.
export * from "./folio-client.js";
export * from "./generated/graphql.js";
