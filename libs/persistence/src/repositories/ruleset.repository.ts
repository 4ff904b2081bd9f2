import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Model } from 'mongoose';
import { DEFAULT_RULES, DEFAULT_SETTINGS, withSettingsDefaults, RecomputeProgress, RuleCreateInput, RulePatchInput, Ruleset, ScoringRule, ScoringSettings } from '@lead-scoring/contracts';
import { duplicateIndexesOf, isDuplicateKeyError } from '../mongo-errors';
import {
  FoldBasis,
  RULES_COLLECTION,
  RULESET_VERSIONS_COLLECTION,
  RuleDocument,
  RulesetVersionDocument,
  SETTINGS_COLLECTION,
  SETTINGS_ID,
  SettingsDocument,
} from '../schemas/ruleset.schema';
import { PERSISTENCE_OPTIONS, PersistenceOptions, READ_MODEL_REDIS } from '../persistence.options';


@Injectable()
export class RulesetRepository {
  constructor(
    @InjectModel(RULES_COLLECTION) private readonly rules: Model<RuleDocument>,
    @InjectModel(SETTINGS_COLLECTION) private readonly settings: Model<SettingsDocument>,
    @InjectModel(RULESET_VERSIONS_COLLECTION) private readonly versions: Model<RulesetVersionDocument>,
    @Inject(READ_MODEL_REDIS) private readonly redis: Redis,
    @Inject(PERSISTENCE_OPTIONS) options: Pick<PersistenceOptions, 'keyPrefix'>,
  ) {
    this.revisionKey = `${options.keyPrefix}:ruleset:revision`;
  }

  private readonly revisionKey: string;

  /** The last current version this process read (see currentState). */
  private versionSeen: number | null = null;

  /**
   * Seeds the default rules, version 1 and the settings once per database. The settings document is written last
   * and marks the seed as done, so a crash half-way re-seeds on the next start, and a default rule deleted later
   * stays deleted.
   */
  async ensureSeeded(): Promise<boolean> {
    if (await this.settings.exists({ _id: SETTINGS_ID })) return false;
    const now = new Date();
    const documents: RuleDocument[] = DEFAULT_RULES.map(({ id, ...rule }) => ({ _id: id, ...rule, created_at: now, updated_at: now }));
    await ignoreDuplicates(this.rules.insertMany(documents, { ordered: false, lean: true }));
    await ignoreDuplicates(this.versions.create({ _id: 1, reason: 'default rules', created_at: now }));
    await this.bumpStateRevision();
    try {
      await this.settings.create({ _id: SETTINGS_ID, settings: DEFAULT_SETTINGS, seeded_at: now });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return false;
    }
    return true;
  }

  /**
   * The ruleset under its version. The version is read first: a change writes its rules or settings before it
   * creates its version, so what is read after a version is at least as new as it (reading both at once could pair
   * old settings with the new version, which readers would then cache under that version).
   */
  async load(): Promise<Ruleset> {
    const version = await this.currentVersion();
    const [settings, rules] = await Promise.all([this.getSettings(), this.listRules()]);
    return { version, settings, rules };
  }

  async currentVersion(): Promise<number> {
    return (await this.currentState()).version;
  }

  /**
   * The current version, and whether its re-score may still be to do (its recompute has not recorded `done`). Every
   * scoring job asks, twice. Versions are numbered without gaps (nextVersion), so from the last version this process
   * saw it looks up that one and the next by _id, the lookup every MongoDB-protocol server serves by index, moving on
   * while a next one exists. A sort on _id would do on MongoDB, but FerretDB reads and sorts every version for it
   * (34 ms at 100 versions, 285 ms at 1,000): it is done once per process, or when the version seen is gone.
   */
  async currentState(): Promise<{ version: number; rescoring: boolean }> {
    let sorted = this.versionSeen === null;
    let version = this.versionSeen ?? (await this.latestVersionBySort());
    for (;;) {
      const [current, next] = await Promise.all([
        this.versions.findById(version, { _id: 1, recompute: 1 }).lean<RulesetVersionDocument>().exec(),
        this.versions.findById(version + 1, { _id: 1 }).lean<RulesetVersionDocument>().exec(),
      ]);
      if (next) version += 1;
      else if (!current && !sorted) {
        // The version seen is gone: the database was replaced.
        version = await this.latestVersionBySort();
        sorted = true;
      } else {
        this.versionSeen = version;
        return { version, rescoring: current?.recompute?.state !== 'done' };
      }
    }
  }

  /**
   * The revision of the ruleset state (its version and whether its re-score is done), bumped in Redis after every
   * change is stored, so that scoring jobs read the state only when it moved (CurrentRuleset); null when Redis lost it.
   */
  stateRevision(): Promise<string | null> {
    return this.redis.get(this.revisionKey);
  }

  /**
   * Bumps the revision of the ruleset state after a change of it. Best effort: a bump lost with Redis only delays
   * readers (CurrentRuleset) until they read the state again anyway.
   */
  private async bumpStateRevision(): Promise<void> {
    await this.redis.incr(this.revisionKey).catch(() => undefined);
  }

  private async latestVersionBySort(): Promise<number> {
    const [latest] = await this.versions.find({}, { _id: 1 }).sort({ _id: -1 }).limit(1).lean<RulesetVersionDocument[]>().exec();
    return latest?._id ?? 0;
  }

  /**
   * Records how far the recompute of `version` is, for the readers of its progress; once done, with the basis every
   * lead is now folded under.
   */
  async recordRecompute(progress: RecomputeProgress, basis?: FoldBasis): Promise<void> {
    const { version, state, processed, total } = progress;
    const recompute = { state, processed, total, updated_at: new Date() };
    await this.versions.updateOne({ _id: version }, { $set: state === 'done' && basis ? { recompute, fold_basis: basis } : { recompute } }).exec();
    if (state === 'done') await this.bumpStateRevision();
  }

  /** The fold basis of `version` if its recompute is done (every lead folded under it), else null. */
  async foldBasisOf(version: number): Promise<FoldBasis | null> {
    const document = await this.versions.findById(version, { recompute: 1, fold_basis: 1 }).lean<RulesetVersionDocument>().exec();
    return document?.recompute?.state === 'done' && document.fold_basis ? document.fold_basis : null;
  }

  /** The recorded progress of the recompute of `version`; null before it started. */
  async recomputeOf(version: number): Promise<RecomputeProgress | null> {
    const document = await this.versions.findById(version, { recompute: 1 }).lean<RulesetVersionDocument>().exec();
    if (!document?.recompute) return null;
    const { state, processed, total } = document.recompute;
    return { version, state, processed, total };
  }

  /** Creates the next ruleset version; concurrent callers each get their own number. */
  async bumpVersion(reason: string): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const next = (await this.currentVersion()) + 1;
      try {
        await this.versions.create({ _id: next, reason, created_at: new Date() });
        await this.bumpStateRevision();
        return next;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error('could not create a new ruleset version: too many concurrent changes');
  }

  async listRules(): Promise<ScoringRule[]> {
    const documents = await this.rules.find({}).lean<RuleDocument[]>().exec();
    return documents.map(toRule).sort((a, b) => a.kind.localeCompare(b.kind) || (a.event_type ?? '').localeCompare(b.event_type ?? '') || a.name.localeCompare(b.name));
  }

  async findRule(id: string): Promise<ScoringRule | null> {
    const document = await this.rules.findById(id).lean<RuleDocument>().exec();
    return document ? toRule(document) : null;
  }

  async createRule(input: RuleCreateInput): Promise<ScoringRule> {
    const now = new Date();
    const document: RuleDocument = { _id: `rule_${randomBytes(6).toString('hex')}`, ...input, created_at: now, updated_at: now };
    await this.rules.create(document);
    return toRule(document);
  }

  /** Last write wins: rules are edited by people, one at a time. */
  async updateRule(id: string, patch: RulePatchInput): Promise<ScoringRule | null> {
    const current = await this.rules.findById(id).lean<RuleDocument>().exec();
    if (!current) return null;
    const updated: RuleDocument = { ...current, ...patch, updated_at: new Date() };
    await this.rules.replaceOne({ _id: id }, updated).exec();
    return toRule(updated);
  }

  async deleteRule(id: string): Promise<boolean> {
    const result = await this.rules.deleteOne({ _id: id }).exec();
    return result.deletedCount === 1;
  }

  async getSettings(): Promise<ScoringSettings> {
    const document = await this.settings.findById(SETTINGS_ID).lean<SettingsDocument>().exec();
    if (!document) throw new Error('scoring settings are missing: the database has not been seeded');
    return withSettingsDefaults(document.settings);
  }

  async putSettings(settings: ScoringSettings): Promise<void> {
    await this.settings.updateOne({ _id: SETTINGS_ID }, { $set: { settings } }).exec();
  }
}

async function ignoreDuplicates(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!isDuplicateKeyError(error) && !duplicateIndexesOf(error)) throw error;
  }
}

/** Rules stored before fit rules and frequency caps existed are engagement rules without a cap. */
function toRule({ _id, name, kind, event_type, points, conditions, max_per_lead, max_per_period, active }: RuleDocument): ScoringRule {
  return { id: _id, name, kind: kind ?? 'engagement', event_type: event_type ?? null, points, conditions, max_per_lead, max_per_period: max_per_period ?? null, active };
}
