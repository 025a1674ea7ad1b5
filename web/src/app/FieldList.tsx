import { useState, type FormEvent } from "react";
import { label, percent } from "./format";
import type { Field, FieldSelection, Selection } from "./document.view";
import { FIELD_NAMES } from "./vocabulary";

const same = (a: Selection | null, b: FieldSelection) => a !== null && "name" in a && a.name === b.name && a.alternative === b.alternative;

/**
 * One entry per field, its best value first; the other values found for it
 * are folded underneath. Clicking a value shows where it is on the preview.
 * With `onCorrect` (a completed document), each value can be edited in place:
 * saving sends the person's value, which then shows as set by a person with
 * the machine's reading beside it.
 */
export function FieldList(props: {
  fields: readonly Field[];
  selection: Selection | null;
  onSelect(selection: FieldSelection): void;
  /** Save a person's value for a field; rejects with the error to show. */
  onCorrect?: (name: string, value: string) => Promise<void>;
}) {
  const missing = FIELD_NAMES.filter((name) => !props.fields.some((f) => f.name === name));
  const adder = props.onCorrect && missing.length > 0 ? <FieldAdder names={missing} onSave={props.onCorrect} /> : null;
  if (props.fields.length === 0) {
    return (
      <>
        <p className="muted" data-testid="result-no-fields">
          No fields found.
        </p>
        {adder}
      </>
    );
  }
  return (
    <>
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
                  {f.setBy === "PERSON" ? (
                    <>
                      <span className="badge badge-person" data-testid="field-corrected" title={f.correctedAt ? `Corrected ${new Date(f.correctedAt).toLocaleString()}` : undefined}>
                        corrected by a person
                      </span>
                      {" · machine read "}
                      <span data-testid="field-machine-value">{f.machine ? `“${f.machine.value}”` : "nothing"}</span>
                    </>
                  ) : (
                    <>
                      {percent(f.confidence)} · page {f.page}
                      {f.raw !== f.value && <> · “{f.raw.replace(/\s+/g, " ").trim()}”</>}
                    </>
                  )}
                </span>
              </button>
              {props.onCorrect && <FieldEditor field={f} onSave={props.onCorrect} />}
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
      {adder}
    </>
  );
}

/** A field the machine did not find, set by a person: pick its name, type its value. */
function FieldAdder(props: { names: readonly string[]; onSave(name: string, value: string): Promise<void> }) {
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await props.onSave(name, value);
      setName("");
      setValue("");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form className="field-adder row wrap" onSubmit={(e) => void submit(e)} data-testid="field-adder">
      <select value={name} onChange={(e) => setName(e.target.value)} aria-label="Field to add" data-testid="field-add-name" disabled={saving}>
        <option value="">Add a field…</option>
        {props.names.map((n) => (
          <option key={n} value={n}>
            {label(n)}
          </option>
        ))}
      </select>
      {name && (
        <>
          <input value={value} onChange={(e) => setValue(e.target.value)} aria-label={`${label(name)} value`} data-testid="field-add-value" disabled={saving} />
          <button type="submit" disabled={saving || value.trim() === ""} data-testid="field-add-save">
            {saving ? "Saving…" : "Add"}
          </button>
        </>
      )}
      {error && (
        <span className="error small" role="alert" data-testid="field-add-error">
          {error}
        </span>
      )}
    </form>
  );
}

/** "Edit" beside a value, then an inline form: the value as typed goes to correctField; the server normalises and checks it. */
function FieldEditor(props: { field: Field; onSave(name: string, value: string): Promise<void> }) {
  const { field } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = field.money?.currency ? `${field.value} ${field.money.currency}` : field.value;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await props.onSave(field.name, draft);
      setEditing(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  if (!editing) {
    return (
      <button
        type="button"
        className="link small field-edit"
        onClick={() => {
          setDraft(current);
          setError(null);
          setEditing(true);
        }}
        data-testid="field-edit"
        aria-label={`Correct ${label(field.name)}`}
      >
        Edit
      </button>
    );
  }
  return (
    <form className="field-editor row wrap" onSubmit={(e) => void submit(e)} data-testid="field-editor">
      <input value={draft} onChange={(e) => setDraft(e.target.value)} aria-label={`${label(field.name)} value`} data-testid="field-input" autoFocus disabled={saving} />
      <button type="submit" disabled={saving || draft.trim() === ""} data-testid="field-save">
        {saving ? "Saving…" : "Save"}
      </button>
      <button type="button" className="secondary" onClick={() => setEditing(false)} disabled={saving} data-testid="field-cancel">
        Cancel
      </button>
      {error && (
        <span className="error small" role="alert" data-testid="field-error">
          {error}
        </span>
      )}
    </form>
  );
}
