import type { Redis } from "ioredis";
import { In, type DataSource } from "typeorm";
import { accessChannel, parseAccessChange, type AccessChange } from "../auth/access-change.js";
import { ApiKeyEntity } from "../db/entities/index.js";
import type { ErrorCode } from "../errors/app.error.js";
import type { Logger } from "../logging/logger.js";
import type { SweepRegistry } from "../queue/sweeper.js";

/**
 * WebSocket close codes for sessions whose rights went away. 4401: the key
 * was revoked or its user deleted (reconnecting with it will fail). 4403: the
 * user lost admin rights; what the socket streamed may have needed them, so
 * it is closed and the client reconnects with its current rights. 4420: the
 * client did not read its events fast enough (more than
 * WS_SEND_BUFFER_LIMIT_BYTES queued and unsent); it reconnects and resumes
 * from the last seq it saw.
 */
export const WS_CLOSE = {
  UNAUTHENTICATED: { code: 4401, reason: "UNAUTHENTICATED" },
  FORBIDDEN: { code: 4403, reason: "FORBIDDEN" },
  SLOW_CONSUMER: { code: 4420, reason: "SLOW_CONSUMER" satisfies ErrorCode },
} as const;

/** The part of a socket the guard needs: closing it. */
export interface ClosableSocket {
  close(code: number, reason: string): void;
}

/** Who one open socket acts for. */
export interface WsSession {
  keyId: string;
  userId: string;
  /**
   * Whether anything on the socket ran with admin rights (true once any
   * operation ran as an admin), so losing them ends the socket.
   */
  isAdmin: boolean;
}

/** What a fresh look at the key and its user says about a session. */
export type SessionVerdict = "ok" | "unauthenticated" | "forbidden";

/** Judge a session against its key as the database has it now (undefined: the key is gone). */
export function judgeSession(session: WsSession, key: Pick<ApiKeyEntity, "revokedAt" | "user"> | null | undefined): SessionVerdict {
  if (!key || key.revokedAt || !key.user) return "unauthenticated";
  if (session.isAdmin && !key.user.isAdmin) return "forbidden";
  return "ok";
}

/**
 * The open WebSocket sessions of one API instance, and what ends them when
 * rights shrink: an {@link AccessChange} on Redis (from any process: API,
 * CLI) makes the instance re-read the affected keys and close sockets with
 * 4401/4403; a periodic sweep re-checks every socket, for notices lost while
 * Redis was unreachable (pub/sub keeps nothing).
 */
export class WsSessionGuard {
  private readonly sessions = new Map<ClosableSocket, WsSession>();
  private readonly channel: string;
  private readonly onMessage = (channel: string, message: string) => {
    if (channel !== this.channel) return;
    const change = parseAccessChange(message);
    if (change) void this.apply(change);
  };

  constructor(
    private readonly options: {
      dataSource: DataSource;
      /** A connection in subscriber mode (shared with the event hub). */
      subscriber: Redis;
      prefix: string;
      logger: Logger;
      /** Where the periodic re-check of every open socket is scheduled (stopped with the process's sweeper). */
      sweeper: SweepRegistry;
      /** How often every open socket is re-checked regardless of notices. */
      sweepIntervalMs: number;
    },
  ) {
    this.channel = accessChannel(options.prefix);
  }

  async start(): Promise<void> {
    this.options.subscriber.on("message", this.onMessage);
    await this.options.subscriber.subscribe(this.channel);
    this.options.sweeper.add({ name: "ws-sessions", intervalMs: this.options.sweepIntervalMs, run: () => this.recheck(() => true) });
  }

  /** Stop listening for notices and forget every session (the sweep then finds nothing to re-check). */
  async close(): Promise<void> {
    this.options.subscriber.off("message", this.onMessage);
    await this.options.subscriber.unsubscribe(this.channel).catch(() => undefined);
    this.sessions.clear();
  }

  add(socket: ClosableSocket, session: WsSession): void {
    this.sessions.set(socket, session);
  }

  remove(socket: ClosableSocket): void {
    this.sessions.delete(socket);
  }

  /** Open sessions, for tests and metrics. */
  get size(): number {
    return this.sessions.size;
  }

  /** Close `socket` for `verdict` (no-op for "ok"). */
  end(socket: ClosableSocket, verdict: SessionVerdict): void {
    if (verdict === "ok") return;
    const close = verdict === "unauthenticated" ? WS_CLOSE.UNAUTHENTICATED : WS_CLOSE.FORBIDDEN;
    this.sessions.delete(socket);
    socket.close(close.code, close.reason);
  }

  /** React to a notice: re-check the sessions it names. */
  async apply(change: AccessChange): Promise<void> {
    await this.recheck((s) => s.userId === change.userId || (change.keyId !== undefined && s.keyId === change.keyId));
  }

  /** Re-read the keys of the sessions `which` selects (one query) and close those that lost rights. */
  async recheck(which: (session: WsSession) => boolean): Promise<void> {
    const selected = [...this.sessions].filter(([, session]) => which(session));
    if (selected.length === 0) return;
    try {
      const keyIds = [...new Set(selected.map(([, s]) => s.keyId))];
      const keys = await this.options.dataSource.getRepository(ApiKeyEntity).find({ where: { id: In(keyIds) }, relations: { user: true } });
      const byId = new Map(keys.map((k) => [k.id, k]));
      for (const [socket, session] of selected) {
        const verdict = judgeSession(session, byId.get(session.keyId));
        if (verdict !== "ok") {
          this.options.logger.info({ keyId: session.keyId, userId: session.userId, verdict }, "closing a WebSocket whose rights went away");
          this.end(socket, verdict);
        }
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, "could not re-check WebSocket sessions; retrying at the next sweep");
    }
  }
}
