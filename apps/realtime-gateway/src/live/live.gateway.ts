import { Inject, Logger } from '@nestjs/common';
import { OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { Server, Socket } from 'socket.io';
import { LiveUpdateName, LiveUpdatePayloads } from '@lead-scoring/contracts';
import { API_KEYS, ApiKeys } from '@lead-scoring/runtime';

/** Live push to dashboards. Clients authenticate at the handshake with `auth: { token: <admin key> }`. */
@WebSocketGateway()
export class LiveGateway implements OnGatewayInit {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private server!: Server;

  constructor(@Inject(API_KEYS) private readonly keys: ApiKeys) {}

  afterInit(server: Server): void {
    server.use((socket: Socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token === 'string' && this.keys.accepts('admin', token)) return next();
      this.logger.warn(`refused a Socket.io handshake from ${socket.handshake.address}: missing or wrong admin key`);
      next(new Error('unauthorized'));
    });
  }

  /** Reaches every client of every gateway instance (through the Redis adapter). */
  broadcast<E extends LiveUpdateName>(event: E, payload: LiveUpdatePayloads[E]): void {
    this.server.emit(event, payload);
  }
}
