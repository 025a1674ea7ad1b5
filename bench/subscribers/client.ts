/**
 * One client process of `npm run bench:subscribers`: opens graphql-ws sockets
 * (one subscription each) to the API and records, per event seq, the monotonic
 * time (process.hrtime, shared by every process on the machine) at which each
 * subscriber received it. Driven by its parent over IPC.
 */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/** Messages from the parent. */
export type ClientCommand =
  | { cmd: "open"; url: string; authorization: string; query: string; variables: Record<string, unknown>; count: number }
  | { cmd: "report"; lastSeq: number; waitMs: number }
  | { cmd: "close" };

/** Messages to the parent. */
export type ClientReply =
  | { kind: "opened"; open: number; failed: number }
  | { kind: "report"; times: Record<number, number[]>; closedCodes: number[]; errors: string[] };

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

const clients: Client[] = [];
const times = new Map<number, number[]>();
const closedCodes: number[] = [];
const errors: string[] = [];
/** Per subscriber: the highest seq seen. */
const lastSeen: number[] = [];

function send(reply: ClientReply): void {
  process.send!(reply);
}

/** Open one socket with one subscription; resolves once its first (replayed) event arrived. */
function openOne(command: Extract<ClientCommand, { cmd: "open" }>): Promise<boolean> {
  const index = lastSeen.push(0) - 1;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean) => {
      if (!settled) {
        settled = true;
        resolve(ok);
      }
    };
    const client = createClient({
      url: `${command.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: command.authorization },
      retryAttempts: 0,
      lazy: true,
      on: { closed: (event) => void closedCodes.push((event as { code: number }).code) },
    });
    clients.push(client);
    client.subscribe<{ documentProgress: { seq: number } }>(
      { query: command.query, variables: command.variables },
      {
        next: (result) => {
          const at = nowMs();
          const seq = result.data?.documentProgress.seq;
          if (typeof seq !== "number") {
            errors.push(JSON.stringify(result.errors ?? result).slice(0, 300));
            return;
          }
          let list = times.get(seq);
          if (!list) times.set(seq, (list = []));
          list.push(at);
          lastSeen[index] = Math.max(lastSeen[index]!, seq);
          settle(true);
        },
        error: (error) => {
          errors.push(String((error as Error)?.message ?? JSON.stringify(error)).slice(0, 300));
          settle(false);
        },
        complete: () => settle(false),
      },
    );
  });
}

process.on("message", (command: ClientCommand) => {
  void (async () => {
    if (command.cmd === "open") {
      let open = 0;
      let failed = 0;
      // Batches, so that the API's connection handling (two key checks and a replay per subscription) is not flooded at once.
      for (let done = 0; done < command.count; done += 25) {
        const batch = Math.min(25, command.count - done);
        const results = await Promise.all(Array.from({ length: batch }, () => openOne(command)));
        for (const ok of results) {
          if (ok) open++;
          else failed++;
        }
      }
      send({ kind: "opened", open, failed });
    } else if (command.cmd === "report") {
      const deadline = Date.now() + command.waitMs;
      while (Date.now() < deadline && lastSeen.some((s) => s > 0 && s < command.lastSeq)) await new Promise((r) => setTimeout(r, 50));
      send({ kind: "report", times: Object.fromEntries(times), closedCodes, errors: errors.slice(0, 20) });
    } else {
      await Promise.all(clients.map((c) => c.dispose()));
      process.exit(0);
    }
  })();
});
