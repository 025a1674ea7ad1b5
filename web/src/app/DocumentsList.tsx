import { useCallback, useEffect, useRef, useState } from "react";
import { DocumentsDocument, type DocumentStatus, type DocumentsQuery, type FolioClient } from "@folio/client";
import { errorText } from "./api";
import { dateTime, label, percent } from "./format";
import { StatusBadge } from "./Steps";

type Node = DocumentsQuery["documents"]["edges"][number]["node"];

const STATUSES: DocumentStatus[] = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"];
const PAGE_SIZE = 20;

export function DocumentsList(props: { api: FolioClient; selectedId: string | null; refreshToken: number; onOpen(id: string): void }) {
  const { api, refreshToken } = props;
  const [status, setStatus] = useState<DocumentStatus | "">("");
  const [searchInput, setSearchInput] = useState("");
  const [search, setSearch] = useState("");
  const [nodes, setNodes] = useState<Node[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The filter the shown page answers (status|search), for tests and screen readers alike. */
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  /** Answers of superseded requests are dropped. */
  const generation = useRef(0);

  // Debounce the search box.
  useEffect(() => {
    const t = setTimeout(() => setSearch(searchInput.trim()), 300);
    return () => clearTimeout(t);
  }, [searchInput]);

  const load = useCallback(
    async (after: string | null) => {
      const gen = after ? generation.current : ++generation.current;
      setLoading(true);
      try {
        const { documents } = await api.request(DocumentsDocument, {
          filter: { ...(status ? { status: [status] } : {}), ...(search ? { search } : {}) },
          first: PAGE_SIZE,
          after,
          orderBy: "CREATED_AT_DESC",
        });
        if (gen !== generation.current) return;
        const page = documents.edges.map((e) => e.node);
        setNodes((prev) => (after ? [...prev, ...page.filter((n) => !prev.some((p) => p.id === n.id))] : page));
        setTotal(documents.totalCount);
        setCursor(documents.pageInfo.endCursor);
        setHasMore(documents.pageInfo.hasNextPage);
        setError(null);
        setLoadedFor(`${status}|${search}`);
      } catch (e) {
        if (gen === generation.current) setError(errorText(e));
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [api, status, search],
  );

  useEffect(() => {
    void load(null);
  }, [load, refreshToken]);

  return (
    <section className="card" aria-labelledby="documents-title">
      <div className="card-head">
        <h2 id="documents-title">
          Documents {total !== null && <span className="muted small" data-testid="documents-total">({total})</span>}
        </h2>
        <button type="button" className="link" onClick={() => void load(null)} data-testid="documents-refresh">
          Refresh
        </button>
      </div>
      <div className="filters">
        <input
          type="search"
          placeholder="Search text, filename, summary…"
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
          data-testid="search-input"
          aria-label="Search"
        />
        <select value={status} onChange={(e) => setStatus(e.target.value as DocumentStatus | "")} data-testid="status-filter" aria-label="Status">
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s.toLowerCase())}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="error" data-testid="documents-error">
          {error}
        </p>
      )}
      <ul className="documents" data-testid="documents-list" data-loading={loading ? "true" : "false"} data-loaded-for={loadedFor ?? ""}>
        {nodes.map((n) => (
          <li key={n.id}>
            <button
              type="button"
              className={`document-row${n.id === props.selectedId ? " selected" : ""}`}
              onClick={() => props.onOpen(n.id)}
              data-testid="document-row"
              data-document-id={n.id}
              data-status={n.status}
            >
              <span className="document-name ellipsis">{n.filename}</span>
              <StatusBadge status={n.status} />
              <span className="document-meta muted small">
                {n.status === "FAILED" && n.errorCode ? (
                  <span className="error-code" data-testid="row-error-code" title={n.errorMessage ?? undefined}>
                    {n.errorCode}
                  </span>
                ) : n.documentType ? (
                  `${n.documentType} (${percent(n.typeConfidence)})`
                ) : n.status === "PROCESSING" ? (
                  `${n.progress}%`
                ) : (
                  "—"
                )}
                {" · "}
                {dateTime(n.createdAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {!loading && nodes.length === 0 && !error && (
        <p className="muted" data-testid="documents-empty">
          {search || status ? "No documents match." : "No documents yet: upload one above."}
        </p>
      )}
      {hasMore && (
        <button type="button" className="secondary load-more" disabled={loading} onClick={() => void load(cursor)} data-testid="load-more">
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}
