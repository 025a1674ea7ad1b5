import net from "node:net";

/**
 * A TCP proxy a test can cut, to make a real service (PostgreSQL) unreachable
 * for one process without stopping it for everyone else on the machine.
 */
export interface TcpProxy {
  port: number;
  /** Forward connections to the target (the initial mode). */
  forward(): Promise<void>;
  /** Drop every open connection and refuse new ones (ECONNREFUSED): the server is gone. */
  cut(): Promise<void>;
  /** Drop every open connection, then accept new ones and never answer: the server hangs. */
  blackhole(): Promise<void>;
  close(): Promise<void>;
}

/** Start a proxy on a free local port to `targetHost:targetPort`. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let mode: "forward" | "blackhole" = "forward";
  let server: net.Server | null = null;
  let port = 0;

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("close", () => sockets.delete(socket));
  };
  const onConnection = (client: net.Socket) => {
    track(client);
    if (mode === "blackhole") return;
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(onConnection);
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    async forward() {
      await stop();
      mode = "forward";
      await listen();
    },
    async cut() {
      await stop();
    },
    async blackhole() {
      await stop();
      mode = "blackhole";
      await listen();
    },
    close: stop,
  };
}
