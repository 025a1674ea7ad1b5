import { useCallback, useEffect, useMemo, useState } from "react";
import { MeDocument, type FolioClient, type MeQuery } from "@folio/client";
import { browserClient, errorText } from "./api";
import { DocumentsList } from "./DocumentsList";
import { ResultView } from "./ResultView";
import { SignIn } from "./SignIn";
import { Uploads } from "./Uploads";
import { useUploads } from "./uploads.state";

const KEY_STORAGE = "folio.apiKey";

function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

type Me = MeQuery["me"];

export function App() {
  const [apiKey, setApiKey] = useState<string | null>(storedKey);
  const [me, setMe] = useState<Me | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(apiKey !== null);

  const api = useMemo(() => (apiKey ? browserClient(apiKey) : null), [apiKey]);
  useEffect(() => () => void api?.close(), [api]);

  // Verify the key with `me` (on sign-in, and for a key kept from earlier in this tab).
  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    setVerifying(true);
    api
      .request(MeDocument)
      .then(({ me: user }) => {
        if (cancelled) return;
        sessionStorage.setItem(KEY_STORAGE, api.apiKey);
        setMe(user);
        setSignInError(null);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        sessionStorage.removeItem(KEY_STORAGE);
        setSignInError(errorText(error));
        setApiKey(null);
      })
      .finally(() => {
        if (!cancelled) setVerifying(false);
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  const signOut = () => {
    sessionStorage.removeItem(KEY_STORAGE);
    setMe(null);
    setApiKey(null);
    setSignInError(null);
  };

  if (!api || !me) {
    return (
      <SignIn
        busy={verifying && api !== null}
        error={signInError}
        onSignIn={(key) => {
          setSignInError(null);
          setApiKey(key);
        }}
      />
    );
  }
  return <Workspace api={api} me={me} onSignOut={signOut} />;
}

/** The open document, from the URL: `#/documents/<id>` (bookmarks, reload and the back button work). */
function documentFromHash(hash: string): string | null {
  const match = /^#\/documents\/([^/?#]+)$/.exec(hash);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** The open document and a way to change it; every change is a history entry. */
function useHashDocument(): [string | null, (id: string | null) => void] {
  const [id, setId] = useState<string | null>(() => documentFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setId(documentFromHash(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  const open = useCallback((next: string | null) => {
    if (next) window.location.hash = `#/documents/${encodeURIComponent(next)}`;
    // Closing keeps the page where it is: drop the hash without a jump to the top.
    else history.pushState(null, "", window.location.pathname + window.location.search);
    setId(next);
  }, []);
  return [id, open];
}

function Workspace(props: { api: FolioClient; me: Me; onSignOut(): void }) {
  const { api, me } = props;
  const [selectedId, setSelectedId] = useHashDocument();
  const [refreshToken, setRefreshToken] = useState(0);
  const onChanged = useCallback(() => setRefreshToken((n) => n + 1), []);
  const uploads = useUploads(api, onChanged);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Folio</span>
        <span className="spacer" />
        <span className="user" data-testid="user-email" title={me.isAdmin ? "Administrator" : undefined}>
          <span className="ellipsis">{me.email}</span>
          {me.isAdmin && <span className="badge badge-admin">admin</span>}
        </span>
        <button type="button" className="secondary" onClick={props.onSignOut} data-testid="sign-out">
          Sign out
        </button>
      </header>
      <main className={`layout${selectedId ? " with-result" : ""}`}>
        <div className="column">
          <Uploads uploads={uploads} selectedId={selectedId} onOpen={setSelectedId} />
          <DocumentsList api={api} selectedId={selectedId} refreshToken={refreshToken} onOpen={setSelectedId} />
        </div>
        {selectedId && (
          <div className="column result-column">
            <ResultView
              api={api}
              id={selectedId}
              refreshToken={refreshToken}
              uploads={uploads}
              onClose={() => setSelectedId(null)}
              onOpen={setSelectedId}
              onChanged={onChanged}
            />
          </div>
        )}
      </main>
    </div>
  );
}
