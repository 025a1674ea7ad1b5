import { FolioClient, FolioClientError } from "@folio/client";

/** The web page's Folio client: the shared SDK (src/client) with the browser's own WebSocket, on this origin. */
export function browserClient(apiKey: string): FolioClient {
  return new FolioClient({ url: window.location.origin, apiKey, webSocketImpl: WebSocket, retryAttempts: 10 });
}

/** `CODE: message` for anything a request can throw (a network failure has no code). */
export function errorText(error: unknown): string {
  if (error instanceof FolioClientError) return `${error.code}: ${error.message}`;
  if (error instanceof TypeError) return `NETWORK_ERROR: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
