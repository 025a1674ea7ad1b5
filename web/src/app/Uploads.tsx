import { useCallback, useEffect, useReducer, useRef, useState, type DragEvent } from "react";
import { UploadDocumentDocument, applyEvent, initialProgress, trackProgress, type DocumentStatus, type EventFieldsFragment, type FolioClient, type ProgressState, type ProgressTracker } from "@folio/client";
import { errorText } from "./api";
import { bytes } from "./format";
import { ProgressBar, StatusBadge, Steps } from "./Steps";

type Connection = "uploading" | "live" | "reconnecting" | "ended" | "failed";

interface UploadItem {
  key: string;
  filename: string;
  size: number;
  documentId: string | null;
  created: boolean;
  /** Set when the upload itself (the multipart request) failed. */
  uploadError: string | null;
  connection: Connection;
  connectionNote: string | null;
  progress: ProgressState;
}

type Action =
  | { type: "added"; key: string; filename: string; size: number }
  | { type: "uploaded"; key: string; documentId: string; created: boolean; status: DocumentStatus; progress: number }
  | { type: "uploadFailed"; key: string; error: string }
  | { type: "event"; key: string; event: EventFieldsFragment }
  | { type: "connection"; key: string; connection: Connection; note: string | null }
  | { type: "clearFinished" };

function reducer(items: UploadItem[], action: Action): UploadItem[] {
  if (action.type === "added") {
    const item: UploadItem = {
      key: action.key,
      filename: action.filename,
      size: action.size,
      documentId: null,
      created: true,
      uploadError: null,
      connection: "uploading",
      connectionNote: null,
      progress: initialProgress("QUEUED"),
    };
    return [item, ...items];
  }
  if (action.type === "clearFinished") return items.filter((i) => !(i.uploadError || i.progress.terminal || i.connection === "failed"));
  return items.map((item) => {
    if (item.key !== action.key) return item;
    switch (action.type) {
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

let counter = 0;

export function Uploads(props: { api: FolioClient; selectedId: string | null; onOpen(id: string): void; onChanged(id: string): void }) {
  const { api, onChanged } = props;
  const [items, dispatch] = useReducer(reducer, []);
  const [dragging, setDragging] = useState(false);
  const trackers = useRef(new Map<string, ProgressTracker>());
  const inputRef = useRef<HTMLInputElement>(null);

  // Stop every live subscription when the view goes away (sign-out).
  useEffect(() => {
    const map = trackers.current;
    return () => {
      for (const t of map.values()) t.stop();
      map.clear();
    };
  }, []);

  const uploadOne = useCallback(
    async (file: File) => {
      const key = `u${++counter}`;
      dispatch({ type: "added", key, filename: file.name, size: file.size });
      let documentId: string;
      try {
        const { uploadDocument } = await api.upload(UploadDocumentDocument, { file: null, input: { labels: ["web"] } }, { file: { data: file, filename: file.name } });
        documentId = uploadDocument.document.id;
        dispatch({ type: "uploaded", key, documentId, created: uploadDocument.created, status: uploadDocument.document.status, progress: uploadDocument.document.progress });
        onChanged(documentId);
      } catch (error) {
        dispatch({ type: "uploadFailed", key, error: errorText(error) });
        return;
      }
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
    },
    [api, onChanged],
  );

  const uploadAll = (files: FileList | File[] | null) => {
    if (!files) return;
    for (const file of Array.from(files)) void uploadOne(file);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    uploadAll(event.dataTransfer.files);
  };

  const finished = items.some((i) => i.uploadError || i.progress.terminal || i.connection === "failed");

  return (
    <section className="card" aria-labelledby="upload-title">
      <div className="card-head">
        <h2 id="upload-title">Upload</h2>
        {finished && (
          <button type="button" className="link" onClick={() => dispatch({ type: "clearFinished" })} data-testid="clear-finished">
            Clear finished
          </button>
        )}
      </div>
      <div
        className={`drop-zone${dragging ? " dragging" : ""}`}
        data-testid="drop-zone"
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        onClick={() => inputRef.current?.click()}
        role="button"
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            inputRef.current?.click();
          }
        }}
      >
        <div className="drop-icon" aria-hidden="true">
          ⇪
        </div>
        <div>
          <strong>Drop PDFs or images here</strong> or <span className="link-text">choose files</span>
        </div>
        <div className="muted small">Several files at once are fine; each is processed on its own.</div>
        <input
          ref={inputRef}
          type="file"
          multiple
          className="visually-hidden"
          data-testid="file-input"
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => {
            uploadAll(e.target.files);
            e.target.value = "";
          }}
        />
      </div>

      {items.length > 0 && (
        <ul className="uploads" data-testid="upload-list">
          {items.map((item) => {
            const status = item.uploadError ? "UPLOAD_FAILED" : item.connection === "uploading" ? "UPLOADING" : item.progress.status;
            const selected = item.documentId !== null && item.documentId === props.selectedId;
            return (
              <li
                key={item.key}
                className={`upload${selected ? " selected" : ""}`}
                data-testid="upload-item"
                data-status={status}
                data-document-id={item.documentId ?? ""}
                data-last-seq={item.progress.lastSeq}
                data-connection={item.connection}
              >
                <div className="upload-head">
                  <button
                    type="button"
                    className="upload-name link"
                    disabled={!item.documentId}
                    onClick={() => item.documentId && props.onOpen(item.documentId)}
                    data-testid="open-upload"
                    title="Open the result"
                  >
                    {item.filename}
                  </button>
                  <span className="muted small">{bytes(item.size)}</span>
                  {!item.created && <span className="muted small">(existing document)</span>}
                  <StatusBadge status={status} />
                </div>
                {item.uploadError ? (
                  <p className="error" data-testid="upload-error">
                    {item.uploadError}
                  </p>
                ) : (
                  <>
                    <ProgressBar value={item.progress.progress} status={status} />
                    <div className="upload-message muted small" data-testid="upload-message">
                      {item.connection === "uploading" ? "Uploading…" : (item.progress.message ?? "Waiting for the worker…")}
                      {item.connectionNote && <span className={item.connection === "failed" ? "error-inline" : "warning-inline"}> · {item.connectionNote}</span>}
                    </div>
                    <Steps steps={item.progress.steps} />
                    {item.progress.status === "FAILED" && (
                      <p className="error" data-testid="upload-failure">
                        {item.progress.errorCode ?? "FAILED"}: {item.progress.errorMessage ?? "Processing failed."}
                      </p>
                    )}
                    {item.progress.terminal && item.documentId && (
                      <button type="button" className="secondary" onClick={() => props.onOpen(item.documentId!)} data-testid="view-result">
                        View result
                      </button>
                    )}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
