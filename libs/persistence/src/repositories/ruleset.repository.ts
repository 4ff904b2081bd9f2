import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DEFAULT_RULES, DEFAULT_SETTINGS, Ruleset, ScoringRule } from '@lead-scoring/contracts';
import { duplicateIndexesOf, isDuplicateKeyError } from '../mongo-errors';
import { RULES_COLLECTION, RuleDocument, SETTINGS_COLLECTION, SETTINGS_ID, SettingsDocument } from '../schemas/ruleset.schema';

@Injectable()
export class RulesetRepository {
  constructor(
    @InjectModel(RULES_COLLECTION) private readonly rules: Model<RuleDocument>,
    @InjectModel(SETTINGS_COLLECTION) private readonly settings: Model<SettingsDocument>,
  ) {}

  /**
   * Seeds the default rules and settings once per database. The settings document is written last and marks
   * the seed as done, so a crash half-way re-seeds on the next start, and a default rule deleted later stays deleted.
   */
  async ensureSeeded(): Promise<boolean> {
    if (await this.settings.exists({ _id: SETTINGS_ID })) return false;
    const now = new Date();
    const documents: RuleDocument[] = DEFAULT_RULES.map(({ id, ...rule }) => ({ _id: id, ...rule, created_at: now, updated_at: now }));
    try {
      await this.rules.insertMany(documents, { ordered: false, lean: true });
    } catch (error) {
      if (!duplicateIndexesOf(error)) throw error;
    }
    try {
      await this.settings.create({ _id: SETTINGS_ID, ruleset_version: 1, settings: DEFAULT_SETTINGS, seeded_at: now });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return false;
    }
    return true;
  }

  async load(): Promise<Ruleset> {
    const [settings, rules] = await Promise.all([
      this.settings.findById(SETTINGS_ID).lean<SettingsDocument>().exec(),
      this.rules.find({}).lean<RuleDocument[]>().exec(),
    ]);
    if (!settings) throw new Error('scoring settings are missing: the database has not been seeded');
    return { version: settings.ruleset_version, settings: settings.settings, rules: rules.map(toRule) };
  }

  async currentVersion(): Promise<number> {
    const settings = await this.settings.findById(SETTINGS_ID, { ruleset_version: 1 }).lean<SettingsDocument>().exec();
    return settings?.ruleset_version ?? 0;
  }
}

function toRule({ _id, name, event_type, points, conditions, max_per_lead, active }: RuleDocument): ScoringRule {
  return { id: _id, name, event_type, points, conditions, max_per_lead, active };
}
