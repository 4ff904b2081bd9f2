import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { Server, Socket } from 'socket.io';
import { LiveUpdateName, LiveUpdatePayloads, SOCKET_EVENTS } from '@lead-scoring/contracts';
import { LeaderboardStore } from '@lead-scoring/persistence';
import { API_KEYS, ApiKeys } from '@lead-scoring/runtime';
import { AnalyticsReadsService } from '../analytics/analytics-reads.service';
import { COALESCE_WINDOW_MS, Coalescer } from './live-coalescer';

/** Instance-to-instance channel of the Redis adapter: every gateway gets each update once, for its own clients. */
const FAN_OUT_EVENT = 'live-update';
const ACTIVITY_WINDOW_MS = 1000;
const LEADERBOARD_SIZE = 10;

/** What makes two updates of one event name "the same thing", the later replacing the earlier in a window. */
const KEY_OF: { [E in LiveUpdateName]: (payload: LiveUpdatePayloads[E]) => string } = {
  'lead.updated': (message) => message.lead_id,
  'upload.progress': (progress) => progress.upload_id,
  'recompute.progress': (progress) => String(progress.version),
  'delivery.updated': (delivery) => delivery.id,
  'account.updated': (account) => account.account,
};

/**
 * Live push to dashboards. Clients authenticate at the handshake with `auth: { token: <admin key> }`.
 *
 * Delivery: exactly one gateway instance consumes each lead-updates job and hands it to every instance through the
 * Redis adapter's server-side channel (itself included, directly). Each instance coalesces for its own clients and
 * emits locally, so a client gets each update once however many instances run, and at most one message per event
 * name per COALESCE_WINDOW_MS: a flush is one Socket.io message whose arguments are the latest update of each
 * lead (or upload, or ruleset version) that changed in the window. `leaderboard.updated` (top 10) follows every
 * flush of `lead.updated`; `activity.updated` (the analytics summary) at most once a second.
 * A client that (re)connects loads its snapshot over REST; the stream carries only what changes afterwards.
 */
@WebSocketGateway()
export class LiveGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private server!: Server;
  private readonly coalescers = new Map<string, Coalescer<unknown>>();

  constructor(
    @Inject(API_KEYS) private readonly keys: ApiKeys,
    private readonly leaderboard: LeaderboardStore,
    private readonly analytics: AnalyticsReadsService,
  ) {}

  afterInit(server: Server): void {
    server.use((socket: Socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string' && this.keys.accepts('admin', token)) return next();
      this.logger.warn(`refused a Socket.io handshake from ${socket.handshake.address}: missing or wrong admin key`);
      next(new Error('unauthorized'));
    });
    (server.sockets as unknown as { on(event: string, listener: (name: LiveUpdateName, payload: unknown) => void): void }).on(
      FAN_OUT_EVENT,
      (name, payload) => this.receive(name, payload),
    );
    for (const name of Object.keys(KEY_OF) as LiveUpdateName[]) {
      this.coalescers.set(name, new Coalescer<unknown>(COALESCE_WINDOW_MS, KEY_OF[name] as (payload: unknown) => string, (payloads) => this.flush(name, payloads)));
    }
    this.coalescers.set(SOCKET_EVENTS.leaderboardUpdated, new Coalescer<unknown>(COALESCE_WINDOW_MS, () => '', () => void this.pushLeaderboard()));
    this.coalescers.set(SOCKET_EVENTS.activityUpdated, new Coalescer<unknown>(ACTIVITY_WINDOW_MS, () => '', () => void this.pushActivity()));
  }

  /** Called by the instance that consumed the update: hands it to the other instances and to its own clients. */
  broadcast<E extends LiveUpdateName>(event: E, payload: LiveUpdatePayloads[E]): void {
    this.server.serverSideEmit(FAN_OUT_EVENT, event, payload);
    this.receive(event, payload);
  }

  private receive(name: LiveUpdateName, payload: unknown): void {
    if (this.server.engine.clientsCount === 0) return;
    this.coalescers.get(name)?.push(payload);
  }

  private flush(name: string, payloads: unknown[]): void {
    this.server.local.emit(name, ...payloads);
    if (name === SOCKET_EVENTS.leadUpdated) {
      this.coalescers.get(SOCKET_EVENTS.leaderboardUpdated)?.push(null);
      this.coalescers.get(SOCKET_EVENTS.activityUpdated)?.push(null);
    }
  }

  private async pushLeaderboard(): Promise<void> {
    try {
      const items = await this.leaderboard.top(LEADERBOARD_SIZE);
      this.server.local.emit(SOCKET_EVENTS.leaderboardUpdated, { items });
    } catch (error) {
      this.logger.warn(`leaderboard.updated skipped: ${(error as Error).message}`);
    }
  }

  private async pushActivity(): Promise<void> {
    try {
      this.server.local.emit(SOCKET_EVENTS.activityUpdated, await this.analytics.summary());
    } catch (error) {
      this.logger.warn(`activity.updated skipped: ${(error as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    for (const coalescer of this.coalescers.values()) coalescer.stop();
  }
}
