import { label, percent } from "./format";
import type { Field, FieldSelection, Selection } from "./document.view";

const same = (a: Selection | null, b: FieldSelection) => a !== null && "name" in a && a.name === b.name && a.alternative === b.alternative;

/**
 * One entry per field, its best value first; the other values found for it
 * are folded underneath. Clicking a value shows where it is on the preview.
 */
export function FieldList(props: { fields: readonly Field[]; selection: Selection | null; onSelect(selection: FieldSelection): void }) {
  if (props.fields.length === 0) {
    return (
      <p className="muted" data-testid="result-no-fields">
        No fields found.
      </p>
    );
  }
  return (
    <ul className="fields" data-testid="result-fields">
      {props.fields.map((f) => {
        const best: FieldSelection = { name: f.name, alternative: null };
        return (
          <li key={f.name} className="field" data-testid={`result-field-${f.name}`} data-field={f.name}>
            <button
              type="button"
              className={`field-main${same(props.selection, best) ? " selected" : ""}`}
              onClick={() => props.onSelect(best)}
              aria-pressed={same(props.selection, best)}
              data-testid="field-select"
              title={f.box ? "Show it on the page" : "This page has no geometry to show"}
            >
              <span className="field-name">{label(f.name)}</span>
              <span className="field-value" data-testid="field-value">
                {f.value}
                {f.money?.currency && <span className="muted"> {f.money.currency}</span>}
              </span>
              <span className="field-meta muted small">
                {percent(f.confidence)} · page {f.page}
                {f.raw !== f.value && <> · “{f.raw.replace(/\s+/g, " ").trim()}”</>}
              </span>
            </button>
            {f.alternatives.length > 0 && (
              <details className="alternatives" data-testid="field-alternatives">
                <summary>
                  {f.alternatives.length} other value{f.alternatives.length === 1 ? "" : "s"}
                </summary>
                <ul>
                  {f.alternatives.map((a, i) => {
                    const pick: FieldSelection = { name: f.name, alternative: i };
                    return (
                      <li key={i}>
                        <button
                          type="button"
                          className={`field-alternative${same(props.selection, pick) ? " selected" : ""}`}
                          onClick={() => props.onSelect(pick)}
                          data-testid="alternative-select"
                        >
                          <span className="field-value">{a.value}</span>
                          <span className="muted small">
                            {percent(a.confidence)} · page {a.page}
                          </span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
