import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ApiKeyEntity } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { waitFor } from "../support/ws-session.js";

/*
 * MAX_SUBSCRIPTIONS_PER_SOCKET / MAX_SUBSCRIPTIONS_PER_KEY are enforced from counts kept as
 * operations start and end, not by summing a key's sockets at every subscribe. Over real sockets
 * speaking graphql-transport-ws by hand, every way an operation or a socket can end gives its
 * places back exactly once: a client complete (also with the id reused at once), a refusal after
 * admission (validation, a query over the socket), a graceful close, an abrupt termination with
 * operations running — and a key that went through all of it can fill its quota again, no more.
 */

const PER_SOCKET = 3;
const PER_KEY = 4;
const LIVE = "subscription { documentEvents { seq } }";

interface Message {
  id?: string;
  type: string;
  payload?: { extensions?: { code?: string; scope?: string; limit?: number } }[];
}

/** A raw graphql-transport-ws connection, acknowledged. */
interface RawSocket {
  ws: WebSocket;
  messages: Message[];
  subscribe(id: string, query?: string): void;
  complete(id: string): void;
  /** The code of the error the server answered operation `id` with. */
  errorOf(id: string): Promise<string | undefined>;
}

let h: ApiHarness;
let user: ApiUser;
let keyId: string;
const opened: WebSocket[] = [];

beforeAll(async () => {
  h = await startApiHarness({ withWorker: false, env: { MAX_SUBSCRIPTIONS_PER_SOCKET: String(PER_SOCKET), MAX_SUBSCRIPTIONS_PER_KEY: String(PER_KEY) } });
  user = await h.createUser();
  keyId = (await h.pipeline.ctx.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ userId: user.id })).id;
});
afterAll(async () => {
  for (const ws of opened) ws.terminate();
  await h?.close();
});

async function connect(): Promise<RawSocket> {
  const ws = new WebSocket(`${h.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
  opened.push(ws);
  const messages: Message[] = [];
  ws.on("message", (data) => void messages.push(JSON.parse(String(data)) as Message));
  await once(ws, "open");
  ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${user.apiKey}` } }));
  await waitFor("the connection to be acknowledged", () => messages.some((m) => m.type === "connection_ack"));
  return {
    ws,
    messages,
    subscribe: (id, query = LIVE) => ws.send(JSON.stringify({ id, type: "subscribe", payload: { query } })),
    complete: (id) => ws.send(JSON.stringify({ id, type: "complete" })),
    errorOf: (id) => waitFor(`an error for ${id}`, () => messages.find((m) => m.id === id && m.type === "error")).then((m) => m.payload?.[0]?.extensions?.code),
  };
}

const open = () => h.api.subscriptionLimits.openFor(keyId);
const openBecomes = (n: number) => waitFor(`${n} operations open for the key`, () => open() === n);

describe("counts of open WebSocket operations", () => {
  it("give every place back however operations and sockets end, so the key can fill its quota again and no more", async () => {
    const a = await connect();
    a.subscribe("1");
    a.subscribe("2");
    await openBecomes(2);
    // A client complete frees the place; the same id reused at once counts once.
    a.complete("1");
    await openBecomes(1);
    a.subscribe("1");
    await openBecomes(2);

    // A second socket fills the key; one more is refused and not counted.
    const b = await connect();
    b.subscribe("x");
    b.subscribe("y");
    await openBecomes(PER_KEY);
    b.subscribe("z");
    expect(await b.errorOf("z")).toBe("TOO_MANY_SUBSCRIPTIONS");
    expect(open()).toBe(PER_KEY);

    // Terminated with two operations running (no close frame): both places come back.
    b.ws.terminate();
    await openBecomes(2);

    // Refused after admission (by validation, or as a query over the socket): the place comes back at once.
    const c = await connect();
    c.subscribe("bad", "subscription { noSuchField }");
    c.subscribe("query", "{ me { id } }");
    expect(await c.errorOf("bad")).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(await c.errorOf("query")).toBe("OPERATION_NOT_ALLOWED");
    expect(open()).toBe(2);

    // Closed gracefully with operations running.
    const d = await connect();
    d.subscribe("1");
    d.subscribe("2");
    await openBecomes(PER_KEY);
    d.ws.close();
    await openBecomes(2);

    // Terminated right after subscribing, while the operations may still be being checked.
    const e = await connect();
    e.subscribe("1");
    e.subscribe("2");
    e.ws.terminate();
    await once(e.ws, "close");
    c.ws.close();
    await once(c.ws, "close");

    a.ws.close();
    await once(a.ws, "close");
    await openBecomes(0);

    // Nothing was left behind: the key fills exactly its quota again (per socket too), then is refused.
    const f = await connect();
    for (const id of ["1", "2", "3", "4"]) f.subscribe(id);
    // The four are checked concurrently: whichever is admitted last finds the socket full.
    await waitFor("one refusal on the full socket", () => f.messages.some((m) => m.type === "error"));
    expect(f.messages.filter((m) => m.type === "error").map((m) => m.payload?.[0]?.extensions)).toEqual([{ code: "TOO_MANY_SUBSCRIPTIONS", scope: "socket", limit: PER_SOCKET }]);
    await openBecomes(PER_SOCKET);
    const g = await connect();
    g.subscribe("1");
    await openBecomes(PER_KEY);
    g.subscribe("2");
    expect(await g.errorOf("2")).toBe("TOO_MANY_SUBSCRIPTIONS");
    expect(g.messages.find((m) => m.id === "2")?.payload?.[0]?.extensions?.scope).toBe("key");
    expect(open()).toBe(PER_KEY);

    for (const socket of [f, g]) {
      socket.ws.close();
      await once(socket.ws, "close");
    }
    await openBecomes(0);
    expect(h.api.subscriptionLimits.keysWithOpenOperations).toBe(0);
  });
});
