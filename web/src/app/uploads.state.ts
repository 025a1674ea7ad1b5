import { useCallback, useEffect, useReducer, useRef } from "react";
import {
  DeleteDocumentDocument,
  FolioClientError,
  UploadDocumentDocument,
  UploadLimitsDocument,
  applyEvent,
  initialProgress,
  trackProgress,
  type DocumentStatus,
  type EventFieldsFragment,
  type FolioClient,
  type ProgressState,
  type ProgressTracker,
  type DirectUploadStage,
  type UploadLimits,
  retryRateLimited,
  shouldUploadDirect,
  uploadDirect,
} from "@folio/client";
import { errorText } from "./api";

export type Connection = "uploading" | "live" | "reconnecting" | "waiting" | "ended" | "failed";

/** How the bytes travel: through the API (multipart uploadDocument) or straight to the object store (requestUpload → PUT → completeUpload). */
export type UploadRoute = "relay" | "direct";

/** One file sent from this tab, from its first byte to the end of its run. */
export interface UploadItem {
  key: string;
  filename: string;
  size: number;
  /** Sent with a PDF password (a second PDF_ENCRYPTED means the password was wrong). */
  withPassword: boolean;
  route: UploadRoute;
  /** A direct upload's stage while `connection` is "uploading" (null on the relay route). */
  stage: DirectUploadStage | null;
  /** Bytes of the file hashed (SHA-256) so far, on the direct route. */
  hashed: { loaded: number; total: number };
  /** Request body bytes sent so far (the multipart body is a little larger than the file). */
  sent: { loaded: number; total: number | null };
  /** Why the route changed (a direct upload the server refused with DIRECT_UPLOAD_UNSUPPORTED went through the API). */
  routeNote: string | null;
  documentId: string | null;
  created: boolean;
  /** Set when the upload itself (the multipart request) failed. */
  uploadError: string | null;
  connection: Connection;
  connectionNote: string | null;
  progress: ProgressState;
}

type Action =
  | { type: "added"; key: string; filename: string; size: number; withPassword: boolean }
  | { type: "sent"; key: string; loaded: number; total: number | null }
  | { type: "route"; key: string; route: UploadRoute; note: string | null }
  | { type: "stage"; key: string; stage: DirectUploadStage }
  | { type: "hashed"; key: string; loaded: number; total: number }
  | { type: "uploaded"; key: string; documentId: string; created: boolean; status: DocumentStatus; progress: number }
  | { type: "uploadFailed"; key: string; error: string }
  | { type: "event"; key: string; event: EventFieldsFragment }
  | { type: "connection"; key: string; connection: Connection; note: string | null }
  | { type: "remove"; key: string }
  | { type: "clearFinished" };

function reducer(items: UploadItem[], action: Action): UploadItem[] {
  if (action.type === "added") {
    const item: UploadItem = {
      key: action.key,
      filename: action.filename,
      size: action.size,
      withPassword: action.withPassword,
      route: "relay",
      stage: null,
      hashed: { loaded: 0, total: action.size },
      sent: { loaded: 0, total: null },
      routeNote: null,
      documentId: null,
      created: true,
      uploadError: null,
      connection: "uploading",
      connectionNote: null,
      progress: initialProgress("QUEUED"),
    };
    return [item, ...items];
  }
  if (action.type === "clearFinished") return items.filter((i) => !isFinished(i));
  if (action.type === "remove") return items.filter((i) => i.key !== action.key);
  return items.map((item) => {
    if (item.key !== action.key) return item;
    switch (action.type) {
      case "sent":
        return { ...item, sent: { loaded: action.loaded, total: action.total } };
      case "route":
        return { ...item, route: action.route, stage: null, sent: { loaded: 0, total: null }, routeNote: action.note };
      case "stage":
        return { ...item, stage: action.stage };
      case "hashed":
        return { ...item, hashed: { loaded: action.loaded, total: action.total } };
      case "uploaded":
        return { ...item, documentId: action.documentId, created: action.created, connection: "live", connectionNote: null, progress: { ...item.progress, status: action.status, progress: action.progress } };
      case "uploadFailed":
        return { ...item, uploadError: action.error, connection: "failed" };
      case "event":
        return { ...item, progress: applyEvent(item.progress, action.event) };
      case "connection":
        return { ...item, connection: action.connection, connectionNote: action.note };
      default:
        return item;
    }
  });
}

/** The upload is over: refused, its run ended, or its progress can no longer be followed. */
export function isFinished(item: UploadItem): boolean {
  return item.uploadError !== null || item.progress.terminal || item.connection === "failed";
}

/** Options of one upload. */
export interface UploadRequest {
  pdfPassword?: string;
  /** A document this upload replaces (an encrypted PDF sent again with its password): deleted once the new one is stored. */
  replaces?: string;
}

/** The uploads of this tab and how to start one. */
export interface Uploads {
  items: UploadItem[];
  upload(file: File, request?: UploadRequest): Promise<string | null>;
  /** Forget an item (its subscription stops). */
  remove(key: string): void;
  clearFinished(): void;
  /** The File an upload of this tab sent for a document, if still in memory (for a password retry). */
  fileOf(documentId: string): File | null;
}

let counter = 0;

/**
 * The upload list's state, shared by the upload card and the result view (a
 * password retry from the result starts an upload here). Each upload follows
 * its document's progress through the SDK's reconnecting tracker.
 */
export function useUploads(api: FolioClient, onChanged: (id: string) => void): Uploads {
  const [items, dispatch] = useReducer(reducer, []);
  const trackers = useRef(new Map<string, ProgressTracker>());
  const files = useRef(new Map<string, File>());
  // Asked once per sign-in; null (relay everything) when the query fails, e.g. on an older server.
  const limits = useRef<Promise<UploadLimits | null> | null>(null);
  useEffect(() => {
    limits.current = api.request(UploadLimitsDocument).then(
      (r) => r.uploadLimits,
      () => null,
    );
  }, [api]);

  // Stop every live subscription when the view goes away (sign-out).
  useEffect(() => {
    const map = trackers.current;
    return () => {
      for (const t of map.values()) t.stop();
      map.clear();
    };
  }, []);

  const upload = useCallback(
    async (file: File, request: UploadRequest = {}): Promise<string | null> => {
      const key = `u${++counter}`;
      dispatch({ type: "added", key, filename: file.name, size: file.size, withPassword: Boolean(request.pdfPassword) });
      let documentId: string;
      try {
        const input = { labels: ["web"], ...(request.pdfPassword ? { pdfPassword: request.pdfPassword } : {}) };
        const onProgress = ({ loaded, total }: { loaded: number; total: number | null }) => dispatch({ type: "sent", key, loaded, total });
        type Uploaded = { created: boolean; document: { id: string; status: DocumentStatus; progress: number } };
        const send = async (): Promise<Uploaded> => {
          let result: Uploaded | null = null;
          if (shouldUploadDirect(file.size, await (limits.current ?? Promise.resolve(null)))) {
            dispatch({ type: "route", key, route: "direct", note: null });
            try {
              result = await uploadDirect(
                api,
                { data: file, filename: file.name, ...(file.type ? { contentType: file.type } : {}) },
                {
                  input,
                  onStage: (stage) => dispatch({ type: "stage", key, stage }),
                  onHashProgress: (loaded, total) => dispatch({ type: "hashed", key, loaded, total }),
                  onProgress,
                },
              );
            } catch (error) {
              // The storage driver changed since uploadLimits was read: the API takes the file as before.
              if (!(error instanceof FolioClientError && error.code === "DIRECT_UPLOAD_UNSUPPORTED")) throw error;
              dispatch({ type: "route", key, route: "relay", note: "Direct upload unavailable (DIRECT_UPLOAD_UNSUPPORTED): sent through the API." });
            }
          }
          return result ?? (await api.upload(UploadDocumentDocument, { file: null, input }, { file: { data: file, filename: file.name } }, { onProgress })).uploadDocument;
        };
        // Many files dropped at once can use up the account's upload budget: wait as long as the server says.
        const result = await retryRateLimited(send, {
          onWait: (seconds) => dispatch({ type: "connection", key, connection: "uploading", note: `Upload budget used up (RATE_LIMITED): retrying in ${seconds} s.` }),
        });
        documentId = result.document.id;
        files.current.set(documentId, file);
        dispatch({ type: "uploaded", key, documentId, created: result.created, status: result.document.status, progress: result.document.progress });
      } catch (error) {
        dispatch({ type: "uploadFailed", key, error: errorText(error) });
        return null;
      }
      if (request.replaces && request.replaces !== documentId) {
        // The new document holds the same file with its password; the failed one would only confuse the list.
        await api.request(DeleteDocumentDocument, { id: request.replaces }).catch(() => undefined);
        files.current.delete(request.replaces);
      }
      onChanged(documentId);
      const tracker = trackProgress(api, documentId, {
        onEvent: (event) => dispatch({ type: "event", key, event }),
        onConnection: (state) => {
          if (state.kind === "reconnecting") {
            const why = state.error?.message;
            dispatch({ type: "connection", key, connection: "reconnecting", note: `Connection lost${why ? ` (${why})` : ""}; resuming (attempt ${state.attempt})…` });
          } else if (state.kind === "waiting") {
            dispatch({
              type: "connection",
              key,
              connection: "waiting",
              note: "Many documents are followed live already (TOO_MANY_SUBSCRIPTIONS): this one joins as others finish.",
            });
          } else if (state.kind === "failed") {
            dispatch({ type: "connection", key, connection: "failed", note: errorText(state.error) });
            trackers.current.delete(key);
          } else if (state.kind === "ended") {
            dispatch({ type: "connection", key, connection: "ended", note: null });
            trackers.current.delete(key);
            onChanged(documentId);
          } else {
            dispatch({ type: "connection", key, connection: "live", note: null });
          }
        },
      });
      trackers.current.set(key, tracker);
      return documentId;
    },
    [api, onChanged],
  );

  const remove = useCallback((key: string) => {
    trackers.current.get(key)?.stop();
    trackers.current.delete(key);
    dispatch({ type: "remove", key });
  }, []);
  const clearFinished = useCallback(() => dispatch({ type: "clearFinished" }), []);
  const fileOf = useCallback((documentId: string) => files.current.get(documentId) ?? null, []);

  return { items, upload, remove, clearFinished, fileOf };
}
