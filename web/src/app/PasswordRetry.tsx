import { useState, type FormEvent } from "react";

/** The code a document fails with when its PDF needs a password (or the one given was wrong). */
export const PASSWORD_CODE = "PDF_ENCRYPTED";

/**
 * Asks for an encrypted PDF's password and hands it to `onRetry`, which sends
 * the file again with it (the server keeps a password only while processing).
 */
export function PasswordRetry(props: { onRetry(password: string): Promise<void>; tried: boolean }) {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) return;
    setBusy(true);
    setError(null);
    try {
      await props.onRetry(password);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="password-retry" onSubmit={(e) => void submit(e)} data-testid="password-form">
      <label htmlFor="pdf-password">{props.tried ? "That password did not open the PDF. Try again:" : "This PDF is encrypted. Its password:"}</label>
      <div className="row">
        <input
          id="pdf-password"
          type="password"
          autoComplete="off"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="password-input"
        />
        <button type="submit" className="primary" disabled={busy || !password} data-testid="password-submit">
          {busy ? "Sending…" : "Open with password"}
        </button>
      </div>
      {error && (
        <p className="error" data-testid="password-error">
          {error}
        </p>
      )}
    </form>
  );
}
