import type { DataSource } from "typeorm";
import type { EventHub } from "./event-hub.js";
import { toProgressEvent } from "./event.log.js";
import type { ProgressEvent } from "./progress-event.js";
import { DocumentProgressStream, LiveEventStream, logProgressHistory, statusAfter, type ProgressHistory } from "./progress-stream.js";

/**
 * What the API reads from the event log: a document's history, its progress
 * stream (replay, then live) and the live feed of many documents. The history
 * page and the stream's replay read through the same {@link ProgressHistory}.
 */
export class EventReadModel {
  private readonly history: ProgressHistory;

  constructor(private readonly deps: { dataSource: DataSource; hub: EventHub }) {
    this.history = logProgressHistory(deps.dataSource);
  }

  /**
   * Up to `first` logged events of a document with seq > `afterSeq`, oldest
   * first, each carrying the document status after it (the log stores step
   * status on step events, so it is folded from the start of the page).
   */
  async page(document: { id: string; ownerId: string }, afterSeq: number, first: number): Promise<ProgressEvent[]> {
    const rows = await this.history.eventsAfter(document.id, Math.max(0, afterSeq), first);
    let status = "QUEUED";
    return rows.map((row) => {
      status = statusAfter(row, status);
      return toProgressEvent(row, document.ownerId, status);
    });
  }

  /** A document's events after `afterSeq`: logged ones, then live ones, each once, ending with the run (see {@link DocumentProgressStream}). */
  progressStream(document: { id: string; ownerId: string }, afterSeq: number): AsyncIterableIterator<ProgressEvent> {
    return new DocumentProgressStream({ hub: this.deps.hub, history: this.history }, document.id, document.ownerId, afterSeq);
  }

  /** Live events of every document that `accept` lets through; no replay. */
  liveStream(accept: (event: ProgressEvent) => boolean): AsyncIterableIterator<ProgressEvent> {
    return new LiveEventStream(this.deps.hub, accept);
  }
}
