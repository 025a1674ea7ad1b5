import { GraphiQL } from "graphiql";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import { createConnection, endpoints, loadApiKey, saveApiKey } from "./connection";
import { DEFAULT_QUERY } from "./defaults";
// GraphiQL's stylesheet inlines its fonts (data: URLs): nothing is fetched from another origin.
import "graphiql/style.css";
import "./playground.css";

const { httpUrl, wsUrl } = endpoints(window.location);

/** The bar above GraphiQL where the API key goes. */
function KeyBar(props: { apiKey: string; onUseKey(key: string): void }) {
  const [draft, setDraft] = useState(props.apiKey);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onUseKey(draft.trim());
  };
  const forget = () => {
    setDraft("");
    props.onUseKey("");
  };
  return (
    <form className="folio-keybar" onSubmit={submit} aria-label="API key">
      <span className="folio-keybar__title">Folio GraphQL</span>
      <label className="folio-keybar__label" htmlFor="folio-api-key">
        API key
      </label>
      <input
        id="folio-api-key"
        className="folio-keybar__input"
        data-testid="playground-api-key"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="Paste your API key"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button className="folio-keybar__button" data-testid="playground-use-key" type="submit">
        Use key
      </button>
      {props.apiKey ? (
        <button className="folio-keybar__button folio-keybar__button--plain" type="button" onClick={forget}>
          Forget
        </button>
      ) : null}
      <span className="folio-keybar__status" data-testid="playground-key-status" role="status">
        {props.apiKey
          ? "Key in use for this tab: sent as Authorization: Bearer (HTTP) and connectionParams (subscriptions)."
          : "No key: requests are anonymous and fail with UNAUTHENTICATED."}
      </span>
    </form>
  );
}

function Playground() {
  const [apiKey, setApiKey] = useState(loadApiKey);
  // A new key means a new fetcher and graphql-ws client; GraphiQL re-reads the schema with it.
  const connection = useMemo(() => createConnection({ httpUrl, wsUrl, apiKey }), [apiKey]);
  useEffect(() => () => connection.dispose(), [connection]);

  const applyKey = (key: string) => {
    saveApiKey(key);
    setApiKey(key);
  };

  return (
    <div className="folio-playground">
      <KeyBar apiKey={apiKey} onUseKey={applyKey} />
      <div className="folio-playground__graphiql">
        <GraphiQL fetcher={connection.fetcher} defaultQuery={DEFAULT_QUERY} isHeadersEditorEnabled shouldPersistHeaders={false}>
          <GraphiQL.Logo>Folio</GraphiQL.Logo>
        </GraphiQL>
      </div>
    </div>
  );
}

// No StrictMode: its double-run effects would dispose the graphql-ws client the fetcher still uses.
createRoot(document.getElementById("playground")!).render(<Playground />);
