import type { SweepRegistry } from "../queue/sweeper.js";

/** The part of a `ws` socket the heartbeat needs. */
export interface HeartbeatSocket {
  ping(): void;
  terminate(): void;
  on(event: "pong", listener: () => void): unknown;
}

/**
 * Keep-alive for every socket of a WebSocket server on one timer: each pass
 * terminates the sockets that did not answer the previous pass's ping and
 * pings the others. graphql-ws's own keep-alive costs an interval and a
 * timeout per socket; with thousands of idle subscribers one sweep is cheaper
 * and holds no per-socket timer.
 */
export class WsHeartbeat {
  private readonly awaitingPong = new WeakSet<HeartbeatSocket>();

  constructor(private readonly sockets: () => Iterable<HeartbeatSocket>) {}

  /** Start watching a new socket (its pongs clear it). */
  watch(socket: HeartbeatSocket): void {
    socket.on("pong", () => this.awaitingPong.delete(socket));
  }

  /** One pass: drop the silent, ping the rest. */
  beat(): void {
    for (const socket of this.sockets()) {
      if (this.awaitingPong.has(socket)) {
        socket.terminate();
        continue;
      }
      this.awaitingPong.add(socket);
      try {
        socket.ping();
      } catch {
        // A socket still connecting or already closing: the next pass decides.
      }
    }
  }

  /** Run {@link beat} every `intervalMs` on the process's sweeper. */
  schedule(sweeper: SweepRegistry, intervalMs: number): void {
    sweeper.add({ name: "ws-heartbeat", intervalMs, run: async () => this.beat() });
  }
}
