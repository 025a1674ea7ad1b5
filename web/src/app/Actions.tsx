import { useState } from "react";
import { CancelDocumentDocument, DeleteDocumentDocument, ReprocessDocumentDocument, STEP_NAMES, type FolioClient } from "@folio/client";
import { errorText } from "./api";
import { label } from "./format";
import type { Doc } from "./document.view";

/**
 * What can be done with an open document: reprocess it (from a step), cancel
 * a run, delete it (asked twice). Each answer refreshes the view.
 */
export function Actions(props: { api: FolioClient; doc: Doc; onChanged(): void; onDeleted(): void }) {
  const { api, doc } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fromStep, setFromStep] = useState("");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const running = doc.status === "QUEUED" || doc.status === "PROCESSING";

  const act = async (name: string, run: () => Promise<unknown>, after: () => void) => {
    setBusy(name);
    setError(null);
    try {
      await run();
      after();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="actions" data-testid="result-actions">
      <div className="row wrap">
        {running ? (
          <button
            type="button"
            className="secondary"
            disabled={busy !== null}
            onClick={() => void act("cancel", () => api.request(CancelDocumentDocument, { id: doc.id }), props.onChanged)}
            data-testid="cancel-document"
          >
            {busy === "cancel" ? "Cancelling…" : "Cancel"}
          </button>
        ) : (
          <span className="row">
            <select value={fromStep} onChange={(e) => setFromStep(e.target.value)} aria-label="Reprocess from step" data-testid="reprocess-from">
              <option value="">All steps</option>
              {STEP_NAMES.map((s) => (
                <option key={s} value={s}>
                  From {label(s)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="secondary"
              disabled={busy !== null}
              onClick={() => void act("reprocess", () => api.request(ReprocessDocumentDocument, { id: doc.id, fromStep: fromStep || null }), props.onChanged)}
              data-testid="reprocess-document"
            >
              {busy === "reprocess" ? "Reprocessing…" : "Reprocess"}
            </button>
          </span>
        )}
        {confirmDelete ? (
          <span className="row">
            <button
              type="button"
              className="danger"
              disabled={busy !== null}
              onClick={() => void act("delete", () => api.request(DeleteDocumentDocument, { id: doc.id }), props.onDeleted)}
              data-testid="confirm-delete"
            >
              {busy === "delete" ? "Deleting…" : "Delete for good"}
            </button>
            <button type="button" className="link" onClick={() => setConfirmDelete(false)} data-testid="keep-document">
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="secondary danger-text" disabled={busy !== null} onClick={() => setConfirmDelete(true)} data-testid="delete-document">
            Delete
          </button>
        )}
      </div>
      {error && (
        <p className="error" data-testid="action-error">
          {error}
        </p>
      )}
    </div>
  );
}
