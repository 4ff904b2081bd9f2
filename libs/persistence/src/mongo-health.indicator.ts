import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';

/** Readiness of the MongoDB-protocol server: it answers `ping`. */
@Injectable()
export class MongoHealthIndicator {
  readonly name = 'mongodb';

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async check(): Promise<void> {
    const db = this.connection.db;
    if (!db) throw new Error('not connected');
    await db.admin().ping();
  }
}
