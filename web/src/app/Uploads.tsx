import { useRef, useState, type DragEvent } from "react";
import { bytes } from "./format";
import { PASSWORD_CODE, PasswordRetry } from "./PasswordRetry";
import { ProgressBar, StatusBadge, Steps } from "./Steps";
import { isFinished, type UploadItem, type Uploads as UploadsState } from "./uploads.state";

export function Uploads(props: { uploads: UploadsState; selectedId: string | null; onOpen(id: string): void }) {
  const { uploads } = props;
  const items = uploads.items;
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  /** Send an encrypted PDF again with its password; the row of the failed attempt gives way to the new one. */
  const retryWithPassword = async (item: UploadItem, password: string) => {
    const file = item.documentId ? uploads.fileOf(item.documentId) : null;
    if (!file) throw new Error("The file is no longer in this tab: upload it again.");
    const id = await uploads.upload(file, { pdfPassword: password, replaces: item.documentId ?? undefined });
    if (id) {
      uploads.remove(item.key);
      props.onOpen(id);
    }
  };

  const uploadAll = (files: FileList | File[] | null) => {
    if (!files) return;
    for (const file of Array.from(files)) void uploads.upload(file);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    uploadAll(event.dataTransfer.files);
  };

  const finished = items.some(isFinished);

  return (
    <section className="card" aria-labelledby="upload-title">
      <div className="card-head">
        <h2 id="upload-title">Upload</h2>
        {finished && (
          <button type="button" className="link" onClick={uploads.clearFinished} data-testid="clear-finished">
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
                data-route={item.route}
                data-stage={item.stage ?? ""}
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
                    {item.connection === "uploading" ? (
                      item.stage === "hashing" ? (
                        <ProgressBar value={hashedPercent(item)} status={status} testId="upload-hash" />
                      ) : (
                        <ProgressBar value={item.stage === "verifying" ? 100 : sentPercent(item)} status={status} testId="upload-bytes" />
                      )
                    ) : (
                      <ProgressBar value={item.progress.progress} status={status} />
                    )}
                    <div className="upload-message muted small" data-testid="upload-message">
                      {item.connection === "uploading" ? uploadingMessage(item) : (item.progress.message ?? "Waiting for the worker…")}
                      {item.routeNote && <span className="warning-inline" data-testid="upload-route-note"> · {item.routeNote}</span>}
                      {item.connectionNote && <span className={item.connection === "failed" ? "error-inline" : "warning-inline"}> · {item.connectionNote}</span>}
                    </div>
                    <Steps steps={item.progress.steps} />
                    {item.progress.status === "FAILED" && (
                      <p className="error" data-testid="upload-failure">
                        {item.progress.errorCode ?? "FAILED"}: {item.progress.errorMessage ?? "Processing failed."}
                      </p>
                    )}
                    {item.progress.errorCode === PASSWORD_CODE && item.documentId && uploads.fileOf(item.documentId) && (
                      <PasswordRetry tried={item.withPassword} onRetry={(password) => retryWithPassword(item, password)} />
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

/** What the bytes are doing while the file uploads: relayed through the API, or a direct upload's stage. */
function uploadingMessage(item: UploadItem): string {
  if (item.route === "relay") return `Uploading… ${bytes(item.sent.loaded)} of ${bytes(item.sent.total ?? item.size)}`;
  switch (item.stage) {
    case "hashing":
      return `Computing its SHA-256… ${bytes(item.hashed.loaded)} of ${bytes(item.hashed.total)}`;
    case "verifying":
      return "Uploaded to storage; the server is verifying it…";
    default:
      return `Uploading to storage… ${bytes(item.sent.loaded)} of ${bytes(item.sent.total ?? item.size)}`;
  }
}

/** Bytes of the file hashed, 0–100. */
function hashedPercent(item: UploadItem): number {
  return item.hashed.total > 0 ? (item.hashed.loaded / item.hashed.total) * 100 : 100;
}

/** Bytes of the request sent, 0–100. */
function sentPercent(item: UploadItem): number {
  const total = item.sent.total ?? item.size;
  return total > 0 ? (item.sent.loaded / total) * 100 : 0;
}
