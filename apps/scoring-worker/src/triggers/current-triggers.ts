import { Injectable } from '@nestjs/common';
import { TriggerRepository } from '@lead-scoring/persistence';
import { TriggerSet, triggerSet } from './trigger-set';

/** Reloaded at least this often, should a revision bump have been lost (Redis restarted empty). */
const RELOAD_MS = 30_000;

/** The active triggers for each job: one Redis read of their revision, a storage read only when it moved. */
@Injectable()
export class CurrentTriggers {
  private cached: { revision: string | null; loadedAt: number; set: TriggerSet } | null = null;

  constructor(private readonly triggers: TriggerRepository) {}

  async current(): Promise<TriggerSet> {
    const revision = await this.triggers.revision();
    if (!this.cached || this.cached.revision !== revision || Date.now() - this.cached.loadedAt > RELOAD_MS) {
      const loaded = triggerSet(await this.triggers.listActive());
      // The same set keeps its identity, so that callers can compare sets by reference.
      const set = this.cached && this.cached.set.digest === loaded.digest ? this.cached.set : loaded;
      this.cached = { revision, loadedAt: Date.now(), set };
    }
    return this.cached.set;
  }
}
