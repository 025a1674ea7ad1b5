import { useEffect, useState } from "react";
import { DocumentDocument, type DocumentQuery, type FolioClient } from "@folio/client";
import { errorText } from "./api";
import { bytes, dateTime, duration, label, percent } from "./format";
import { ProgressBar, StatusBadge, Steps, stepFromState } from "./Steps";

type Doc = DocumentQuery["document"];

const TEXT_LIMIT = 20_000;

export function ResultView(props: { api: FolioClient; id: string; refreshToken: number; onClose(): void }) {
  const { api, id, refreshToken } = props;
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

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
  }, [api, id, refreshToken]);

  // Drop the previous document when another one is opened.
  useEffect(() => setDoc((d) => (d && d.id !== id ? null : d)), [id]);

  return (
    <section className="card result" data-testid="result-view" aria-labelledby="result-title" data-document-id={id}>
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
      {doc && <DocumentDetails doc={doc} />}
    </section>
  );
}

function DocumentDetails({ doc }: { doc: Doc }) {
  const running = doc.status === "QUEUED" || doc.status === "PROCESSING";
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
            {doc.typeConfidence !== null && (
              <span className="muted" data-testid="result-type-confidence">
                ({percent(doc.typeConfidence)} confidence)
              </span>
            )}
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

      <h3>Extracted fields</h3>
      {doc.fields.length === 0 ? (
        <p className="muted" data-testid="result-no-fields">
          No fields found.
        </p>
      ) : (
        <table className="fields" data-testid="result-fields">
          <thead>
            <tr>
              <th>Field</th>
              <th>Value</th>
              <th>As written</th>
              <th className="num">Confidence</th>
              <th className="num">Page</th>
            </tr>
          </thead>
          <tbody>
            {doc.fields.map((f, i) => (
              <tr key={`${f.name}-${i}`} data-testid={`result-field-${f.name}`} data-field={f.name}>
                <td className="field-name">{label(f.name)}</td>
                <td className="field-value" data-testid="field-value">
                  {f.money ? (
                    <>
                      {f.value}
                      {f.money.currency && <span className="muted"> {f.money.currency}</span>}
                    </>
                  ) : (
                    f.value
                  )}
                </td>
                <td className="field-raw muted">{f.raw}</td>
                <td className="num">{percent(f.confidence)}</td>
                <td className="num">{f.page}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Downloads</h3>
      <ul className="downloads" data-testid="result-downloads">
        <li>
          <a href={doc.downloads.original} download={doc.filename} data-testid="download-original">
            Original ({doc.filename})
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
