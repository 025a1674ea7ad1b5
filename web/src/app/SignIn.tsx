import { useState, type FormEvent } from "react";

export function SignIn(props: { busy: boolean; error: string | null; onSignIn(key: string): void }) {
  const [key, setKey] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) props.onSignIn(key.trim());
  };
  return (
    <div className="sign-in-page">
      <form className="card sign-in" onSubmit={submit} data-testid="sign-in-form">
        <h1 className="brand">Folio</h1>
        <p className="muted">Sign in with your API key. It is kept in this browser tab only (session storage).</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="folio_…"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          data-testid="api-key-input"
        />
        <button type="submit" className="primary" disabled={props.busy || !key.trim()} data-testid="sign-in">
          {props.busy ? "Signing in…" : "Sign in"}
        </button>
        {props.error && (
          <p className="error" role="alert" data-testid="sign-in-error">
            {props.error}
          </p>
        )}
      </form>
    </div>
  );
}
