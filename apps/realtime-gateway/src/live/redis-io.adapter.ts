import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { createRedisClient, redisOptionsFromUrl } from '@lead-scoring/queue';
import { Server, ServerOptions } from 'socket.io';

/**
 * Socket.io over the Redis adapter: an update emitted by any gateway instance reaches the clients of every
 * instance, so the lead-updates queue needs only one consumer per update.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(
    app: INestApplicationContext,
    redisUrl: string,
    private readonly channelPrefix: string,
    private readonly corsOrigins: string[],
  ) {
    super(app);
    const options = { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null };
    this.publisher = createRedisClient('socket.io publisher', options);
    this.subscriber = createRedisClient('socket.io subscriber', options);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, { ...options, cors: { origin: this.corsOrigins } });
    server.adapter(createAdapter(this.publisher, this.subscriber, { key: this.channelPrefix }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
