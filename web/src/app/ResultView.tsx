import { useCallback, useEffect, useRef, useState } from "react";
import { CorrectDocumentTypeDocument, CorrectFieldDocument, DocumentDocument, inlineFileUrl, type FolioClient } from "@folio/client";
import { errorText } from "./api";
import { Actions } from "./Actions";
import { Classification } from "./Classification";
import { FieldList } from "./FieldList";
import { LineItems } from "./LineItems";
import { bytes, dateTime, duration, label, percent } from "./format";
import { PagePreview } from "./PagePreview";
import { PASSWORD_CODE, PasswordRetry } from "./PasswordRetry";
import { ProgressBar, StatusBadge, Steps, stepFromState } from "./Steps";
import type { Uploads } from "./uploads.state";
import { DOCUMENT_TYPES } from "./vocabulary";

import type { Doc, Selection } from "./document.view";

const TEXT_LIMIT = 20_000;
/** How often an open document that is still running is read again. */
const POLL_MS = 1500;

export function ResultView(props: {
  api: FolioClient;
  id: string;
  refreshToken: number;
  uploads: Uploads;
  onClose(): void;
  onOpen(id: string): void;
  onChanged(): void;
}) {
  const { api, id, refreshToken } = props;
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [reload, setReload] = useState(0);
  const section = useRef<HTMLElement>(null);
  const refresh = useCallback(() => setReload((n) => n + 1), []);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    api
      .request(DocumentDocument, { id, textLimit: TEXT_LIMIT })
      .then(({ document }) => {
        if (cancelled) return;
        setDoc(document);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(errorText(e));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [api, id, refreshToken, reload]);

  // A running document (reprocessed, or opened mid-run) is read again until it ends.
  const running = doc?.id === id && (doc.status === "QUEUED" || doc.status === "PROCESSING");
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(refresh, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, doc, refresh]);

  // Drop the previous document when another one is opened, and bring the result into view (on a phone it is below the list).
  useEffect(() => {
    setDoc((d) => (d && d.id !== id ? null : d));
    section.current?.scrollIntoView({ block: "start" });
  }, [id]);

  /** Send the encrypted PDF again with its password: the file of this tab's upload, or the stored original. */
  const retryWithPassword = async (password: string) => {
    if (!doc) return;
    let file = props.uploads.fileOf(doc.id);
    if (!file) {
      const response = await fetch(doc.downloads.original);
      if (!response.ok) throw new Error(`Could not read the stored file (HTTP ${response.status}).`);
      file = new File([await response.blob()], doc.filename, { type: "application/pdf" });
    }
    const next = await props.uploads.upload(file, { pdfPassword: password, replaces: doc.id });
    if (!next) throw new Error("The upload failed: see the upload list.");
    props.onOpen(next);
  };
  const triedPassword = props.uploads.items.some((i) => i.documentId === id && i.withPassword);

  /** Send a correction; on success the view and the list read the document again (summary, fields, type). */
  const correct = async (send: () => Promise<unknown>) => {
    try {
      await send();
    } catch (e) {
      throw new Error(errorText(e));
    }
    refresh();
    props.onChanged();
  };

  return (
    <section ref={section} className="card result" data-testid="result-view" aria-labelledby="result-title" data-document-id={id}>
      <div className="card-head">
        <h2 id="result-title" className="ellipsis">
          {doc?.filename ?? "Document"}
        </h2>
        <div className="row">
          {loading && <span className="muted small">Loading…</span>}
          <button type="button" className="link" onClick={props.onClose} data-testid="close-result" aria-label="Close">
            ✕
          </button>
        </div>
      </div>
      {error && (
        <p className="error" data-testid="result-load-error">
          {error}
        </p>
      )}
      {doc && doc.id === id && (
        <>
          <Actions
            api={api}
            doc={doc}
            onChanged={() => {
              refresh();
              props.onChanged();
            }}
            onDeleted={() => {
              props.onClose();
              props.onChanged();
            }}
          />
          {doc.status === "FAILED" && doc.errorCode === PASSWORD_CODE && <PasswordRetry tried={triedPassword} onRetry={retryWithPassword} />}
          <DocumentDetails
            doc={doc}
            onCorrect={
              doc.status === "COMPLETED"
                ? {
                    field: async (name, value) => {
                      await correct(() => api.request(CorrectFieldDocument, { documentId: doc.id, name, value }));
                    },
                    type: async (type) => {
                      await correct(() => api.request(CorrectDocumentTypeDocument, { documentId: doc.id, type }));
                    },
                  }
                : null
            }
          />
        </>
      )}
    </section>
  );
}

/** How a person corrects the open document (null: it cannot be corrected, it is not completed). */
interface Corrections {
  field(name: string, value: string): Promise<void>;
  type(type: string): Promise<void>;
}

function DocumentDetails({ doc, onCorrect }: { doc: Doc; onCorrect: Corrections | null }) {
  const running = doc.status === "QUEUED" || doc.status === "PROCESSING";
  const [selection, setSelection] = useState<Selection | null>(null);
  // Another document (or a new run) has other fields.
  useEffect(() => setSelection(null), [doc.id]);
  return (
    <div className="result-body">
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="result-status" data-status={doc.status}>
            <StatusBadge status={doc.status} />
          </dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>
            <span className="doc-type" data-testid="result-type">
              {doc.documentType ?? "—"}
            </span>{" "}
            {doc.typeCorrection ? (
              <span className="muted small" data-testid="result-type-corrected">
                <span className="badge badge-person">set by a person</span> (classifier: {doc.typeCorrection.machineType ?? "—"})
              </span>
            ) : (
              doc.typeConfidence !== null && (
                <span className="muted" data-testid="result-type-confidence">
                  ({percent(doc.typeConfidence)} confidence)
                </span>
              )
            )}
            {onCorrect && <TypeEditor current={doc.documentType} onSave={onCorrect.type} />}
          </dd>
        </div>
        <div>
          <dt>Pages</dt>
          <dd>{doc.pageCount ?? "—"}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{bytes(doc.sizeBytes)}</dd>
        </div>
        <div>
          <dt>Content type</dt>
          <dd>{doc.detectedContentType ?? doc.declaredContentType ?? "—"}</dd>
        </div>
        <div>
          <dt>Uploaded</dt>
          <dd>{dateTime(doc.createdAt)}</dd>
        </div>
        <div>
          <dt>Processing time</dt>
          <dd>{doc.processingMs !== null ? duration(doc.processingMs) : "—"}</dd>
        </div>
        {doc.labels.length > 0 && (
          <div>
            <dt>Labels</dt>
            <dd>{doc.labels.join(", ")}</dd>
          </div>
        )}
      </dl>

      {doc.status === "FAILED" && (
        <div className="error-box" data-testid="result-error" role="alert">
          <strong data-testid="result-error-code">{doc.errorCode ?? "FAILED"}</strong>
          <span data-testid="result-error-message">{doc.errorMessage ?? "Processing failed."}</span>
        </div>
      )}
      {running && (
        <div>
          <ProgressBar value={doc.progress} status={doc.status} />
          <p className="muted small">Still processing{doc.currentStep ? ` (${label(doc.currentStep)})` : ""}; this view refreshes when it finishes.</p>
        </div>
      )}

      {doc.summary && (
        <>
          <h3>Summary</h3>
          <p className="summary" data-testid="result-summary">
            {doc.summary}
          </p>
        </>
      )}

      <Classification doc={doc} />

      <h3>Extracted fields</h3>
      <FieldList fields={doc.fields} selection={selection} onSelect={setSelection} onCorrect={onCorrect?.field} />

      <h3>Line items</h3>
      <LineItems doc={doc} selection={selection} onSelect={setSelection} />

      <h3>Preview</h3>
      <PagePreview doc={doc} selection={selection} onSelect={setSelection} />

      <h3>Downloads</h3>
      <ul className="downloads" data-testid="result-downloads">
        <li>
          <a href={inlineFileUrl(doc.downloads.original)} target="_blank" rel="noopener noreferrer" data-testid="open-original">
            Open {doc.filename}
          </a>
          {" · "}
          <a href={doc.downloads.original} download={doc.filename} data-testid="download-original">
            download
          </a>
        </li>
        {doc.downloads.text && (
          <li>
            <a href={doc.downloads.text} download data-testid="download-text">
              Processed text
            </a>
          </li>
        )}
        {doc.downloads.result && (
          <li>
            <a href={doc.downloads.result} download data-testid="download-result">
              Result JSON
            </a>
          </li>
        )}
        {doc.downloads.searchablePdf && (
          <li>
            <a href={inlineFileUrl(doc.downloads.searchablePdf)} target="_blank" rel="noopener noreferrer" data-testid="open-searchable-pdf">
              Searchable PDF
            </a>
            {" · "}
            <a href={doc.downloads.searchablePdf} download data-testid="download-searchable-pdf">
              download
            </a>
          </li>
        )}
        <li className="muted small">Links expire {dateTime(doc.downloads.expiresAt)}.</li>
      </ul>

      <h3>Steps</h3>
      <Steps steps={doc.steps.map(stepFromState)} />

      <h3>
        Text{" "}
        {doc.text && (
          <span className="muted small">
            ({doc.text.totalLength.toLocaleString()} characters{doc.text.truncated ? `, first ${TEXT_LIMIT.toLocaleString()} shown` : ""})
          </span>
        )}
      </h3>
      {doc.text ? (
        <pre className="text" data-testid="result-text">
          {doc.text.content}
          {doc.text.truncated && "\n…"}
        </pre>
      ) : (
        <p className="muted">No text yet.</p>
      )}
    </div>
  );
}


/** A type picker beside the type: choosing another one sends correctDocumentType. */
function TypeEditor(props: { current: string | null; onSave(type: string): Promise<void> }) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choose = async (type: string) => {
    if (!type || type === props.current) return;
    setSaving(true);
    setError(null);
    try {
      await props.onSave(type);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <span className="type-editor">
      {" "}
      <select value="" onChange={(e) => void choose(e.target.value)} disabled={saving} aria-label="Correct the document type" data-testid="type-select">
        <option value="">{saving ? "Saving…" : "Change type…"}</option>
        {DOCUMENT_TYPES.filter((t) => t !== props.current).map((t) => (
          <option key={t} value={t}>
            {label(t)}
          </option>
        ))}
      </select>
      {error && (
        <span className="error small" role="alert" data-testid="type-error">
          {error}
        </span>
      )}
    </span>
  );
}
