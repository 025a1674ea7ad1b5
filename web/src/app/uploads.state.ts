import { useCallback, useEffect, useReducer, useRef } from "react";
import {
  DeleteDocumentDocument,
  UploadDocumentDocument,
  applyEvent,
  initialProgress,
  trackProgress,
  type DocumentStatus,
  type EventFieldsFragment,
  type FolioClient,
  type ProgressState,
  type ProgressTracker,
} from "@folio/client";
import { errorText } from "./api";

export type Connection = "uploading" | "live" | "reconnecting" | "ended" | "failed";

/** One file sent from this tab, from its first byte to the end of its run. */
export interface UploadItem {
  key: string;
  filename: string;
  size: number;
  /** Sent with a PDF password (a second PDF_ENCRYPTED means the password was wrong). */
  withPassword: boolean;
  /** Request body bytes sent so far (the multipart body is a little larger than the file). */
  sent: { loaded: number; total: number | null };
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
      sent: { loaded: 0, total: null },
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
      case "uploaded":
        return { ...item, documentId: action.documentId, created: action.created, connection: "live", progress: { ...item.progress, status: action.status, progress: action.progress } };
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
        const { uploadDocument } = await api.upload(
          UploadDocumentDocument,
          { file: null, input },
          { file: { data: file, filename: file.name } },
          { onProgress: ({ loaded, total }) => dispatch({ type: "sent", key, loaded, total }) },
        );
        documentId = uploadDocument.document.id;
        files.current.set(documentId, file);
        dispatch({ type: "uploaded", key, documentId, created: uploadDocument.created, status: uploadDocument.document.status, progress: uploadDocument.document.progress });
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
