import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Model } from 'mongoose';
import { Trigger, TriggerCondition, TriggerCreateInput, TriggerPatchInput } from '@lead-scoring/contracts';
import { PERSISTENCE_OPTIONS, PersistenceOptions, READ_MODEL_REDIS } from '../persistence.options';
import { TRIGGERS_COLLECTION, TriggerDocument } from '../schemas/trigger.schema';

/** How long a rotated-out secret keeps signing, so that receivers can switch over. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

/** What the scoring worker needs of an active trigger. */
export interface ActiveTrigger {
  id: string;
  condition: TriggerCondition;
}

/**
 * Triggers, edited by people one at a time (last write wins). Every change that can alter firings (condition,
 * active) also bumps a revision counter in Redis, so that workers reload the active triggers only when it moved
 * instead of reading them for every job.
 */
@Injectable()
export class TriggerRepository {
  private readonly revisionKey: string;

  constructor(
    @InjectModel(TRIGGERS_COLLECTION) private readonly triggers: Model<TriggerDocument>,
    @Inject(READ_MODEL_REDIS) private readonly redis: Redis,
    @Inject(PERSISTENCE_OPTIONS) options: PersistenceOptions,
  ) {
    this.revisionKey = `${options.keyPrefix}:triggers:revision`;
  }

  async list(): Promise<Trigger[]> {
    const documents = await this.triggers.find({}).lean<TriggerDocument[]>().exec();
    return documents.map(toTrigger).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async find(id: string): Promise<TriggerDocument | null> {
    return this.triggers.findById(id).lean<TriggerDocument>().exec();
  }

  async listActive(): Promise<ActiveTrigger[]> {
    const documents = await this.triggers.find({ active: true }, { _id: 1, condition: 1 }).lean<TriggerDocument[]>().exec();
    return documents.map((document) => ({ id: document._id, condition: document.condition })).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** The revision of the active triggers; null when Redis lost it (readers then reload, as for any change). */
  async revision(): Promise<string | null> {
    return this.redis.get(this.revisionKey);
  }

  async create(input: TriggerCreateInput, secret: string): Promise<TriggerDocument> {
    const now = new Date();
    const document: TriggerDocument = { _id: `trg_${randomBytes(6).toString('hex')}`, ...input, secrets: [{ secret, created_at: now, expires_at: null }], created_at: now, updated_at: now };
    await this.triggers.create(document);
    await this.bumpRevision();
    return document;
  }

  async update(id: string, patch: TriggerPatchInput): Promise<TriggerDocument | null> {
    const current = await this.find(id);
    if (!current) return null;
    const updated: TriggerDocument = { ...current, ...patch, updated_at: new Date() };
    await this.triggers.replaceOne({ _id: id }, updated).exec();
    if (patch.condition !== undefined || patch.active !== undefined) await this.bumpRevision();
    return updated;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.triggers.deleteOne({ _id: id }).exec();
    if (result.deletedCount === 1) await this.bumpRevision();
    return result.deletedCount === 1;
  }

  /** Makes `secret` the signing secret; the previous one signs too for SECRET_OVERLAP_MS, older ones are dropped. */
  async rotateSecret(id: string, secret: string): Promise<TriggerDocument | null> {
    const current = await this.find(id);
    if (!current) return null;
    const now = new Date();
    const previous = current.secrets.find((entry) => entry.expires_at === null);
    const secrets = [{ secret, created_at: now, expires_at: null }, ...(previous ? [{ ...previous, expires_at: new Date(now.getTime() + SECRET_OVERLAP_MS) }] : [])];
    const updated: TriggerDocument = { ...current, secrets, updated_at: now };
    await this.triggers.replaceOne({ _id: id }, updated).exec();
    return updated;
  }

  private async bumpRevision(): Promise<void> {
    await this.redis.incr(this.revisionKey);
  }
}

/** The secrets that sign a delivery now: the current one and a rotated-out one still within its overlap. */
export function signingSecrets(trigger: TriggerDocument, now: Date): string[] {
  return trigger.secrets.filter((entry) => entry.expires_at === null || new Date(entry.expires_at) > now).map((entry) => entry.secret);
}

export function toTrigger(document: TriggerDocument): Trigger {
  return {
    id: document._id,
    name: document.name,
    condition: document.condition,
    url: document.url,
    format: document.format,
    active: document.active,
    created_at: new Date(document.created_at).toISOString(),
    updated_at: new Date(document.updated_at).toISOString(),
  };
}
