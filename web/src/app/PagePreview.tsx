import { useEffect, useRef, useState } from "react";
import { pagePreviewUrl } from "@folio/client";
import { label } from "./format";
import { locate, type Selection } from "./document.view";
import type { Doc } from "./document.view";

/**
 * The original's pages as images (rendered by the server's /pages route) with
 * the extracted fields drawn on them from their boxes (normalised 0–1, origin
 * top-left, so percentages place them on an image of any size). The selected
 * field is drawn strongly and scrolled into view; clicking a box selects it.
 */
export function PagePreview(props: { doc: Doc; selection: Selection | null; onSelect(selection: Selection): void }) {
  const { doc, selection } = props;
  const pages = Math.max(1, doc.pageCount ?? 1);
  const [page, setPage] = useState(1);
  const [failed, setFailed] = useState<number | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  const target = locate(doc, selection);

  useEffect(() => setPage(1), [doc.id]);
  // Selecting a field turns to its page and brings the preview into view.
  useEffect(() => {
    if (!target) return;
    setPage(target.page);
    frame.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    // Only a new selection moves the view (not a reload of the same document).
  }, [selection]);

  const src = pagePreviewUrl(doc.downloads.original, page);
  if (!src) return <p className="muted">No preview: the files are kept in an object store whose links Folio does not render.</p>;

  const boxes = doc.fields.filter((f) => f.page === page && f.box);
  // An alternative value or a line item is drawn on its own; a field's best value is one of the boxes above.
  const drawnApart = selection !== null && ("lineItem" in selection || selection.alternative !== null);
  const selectedAlternative = drawnApart && target?.page === page && target.box ? target.box : null;
  const itemSelected = selection !== null && "lineItem" in selection;
  return (
    <div className="preview" data-testid="page-preview" data-page={page}>
      {pages > 1 && (
        <div className="row preview-nav">
          <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)} data-testid="preview-prev" aria-label="Previous page">
            ‹
          </button>
          <span className="small">
            Page {page} of {pages}
          </span>
          <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)} data-testid="preview-next" aria-label="Next page">
            ›
          </button>
        </div>
      )}
      <div className="preview-frame" ref={frame}>
        {failed === page ? (
          <p className="muted" data-testid="preview-unavailable">
            This page cannot be shown (an encrypted PDF, or a file the server cannot render).
          </p>
        ) : (
          <>
            <img src={src} alt={`Page ${page} of ${doc.filename}`} onError={() => setFailed(page)} data-testid="preview-image" />
            {boxes.map((f) => {
              const selected = selection !== null && "name" in selection && selection.name === f.name && selection.alternative === null;
              return (
                <button
                  type="button"
                  key={f.name}
                  className={`box${selected ? " selected" : ""}`}
                  style={boxStyle(f.box!)}
                  title={`${label(f.name)}: ${f.value}`}
                  aria-label={`${label(f.name)}: ${f.value}`}
                  onClick={() => props.onSelect({ name: f.name, alternative: null })}
                  data-testid={`box-${f.name}`}
                  data-selected={selected ? "true" : "false"}
                />
              );
            })}
            {selectedAlternative && (
              <span className="box selected alternative" style={boxStyle(selectedAlternative)} data-testid={itemSelected ? "box-line-item" : "box-alternative"} data-selected="true" />
            )}
          </>
        )}
      </div>
    </div>
  );
}

/** A box as CSS percentages of the image (a little padding so the outline does not cover the text). */
function boxStyle(box: { x0: number; y0: number; x1: number; y1: number }): React.CSSProperties {
  const pad = 0.004;
  const x0 = Math.max(0, box.x0 - pad);
  const y0 = Math.max(0, box.y0 - pad);
  return { left: `${x0 * 100}%`, top: `${y0 * 100}%`, width: `${(Math.min(1, box.x1 + pad) - x0) * 100}%`, height: `${(Math.min(1, box.y1 + pad) - y0) * 100}%` };
}
