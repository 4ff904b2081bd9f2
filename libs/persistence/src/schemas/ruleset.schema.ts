import { Schema } from 'mongoose';
import { FrequencyCap, RuleCondition, RuleKind, ScoringSettings } from '@lead-scoring/contracts';

export interface RuleDocument {
  _id: string;
  name: string;
  /** Absent on rules stored before fit rules existed: engagement. */
  kind?: RuleKind;
  event_type: string | null;
  points: number;
  conditions: RuleCondition[];
  max_per_lead: number | null;
  max_per_period?: FrequencyCap | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The single settings document: scoring settings; its presence marks the database as seeded. */
export interface SettingsDocument {
  _id: 'scoring';
  settings: ScoringSettings;
  seeded_at: Date;
}

/**
 * What folds under a ruleset depend on: `shared` by every lead (the settings and the active fit rules), and a digest
 * per event type of its active engagement rules. A list, not an object keyed by type: event types are the senders'
 * own strings, which need not be valid field names.
 */
export interface FoldBasis {
  shared: string;
  types: { event_type: string; digest: string }[];
}

/**
 * One document per ruleset version. The unique _id settles concurrent changes (two gateways cannot both create
 * version n+1), which a read-modify-write counter would not on FerretDB. The highest _id is the current version.
 */
export interface RulesetVersionDocument {
  _id: number;
  reason: string;
  created_at: Date;
  /** The progress of its recompute, written by the worker that runs it (absent until it starts). */
  recompute?: { state: 'running' | 'done'; processed: number; total: number; updated_at: Date };
  /**
   * Written with the `done` state: every lead was then folded under this basis, so the next version's recompute needs
   * to look only at the leads of the event types whose rules differ from it.
   */
  fold_basis?: FoldBasis;
}

export const RULES_COLLECTION = 'rules';
export const SETTINGS_COLLECTION = 'settings';
export const SETTINGS_ID = 'scoring';
export const RULESET_VERSIONS_COLLECTION = 'ruleset_versions';

export const RuleSchema = new Schema<RuleDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, default: 'engagement' },
    event_type: { type: String, default: null },
    points: { type: Number, required: true },
    conditions: { type: Schema.Types.Mixed, default: [] },
    max_per_lead: { type: Number, default: null },
    max_per_period: { type: Schema.Types.Mixed, default: null },
    active: { type: Boolean, required: true },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { collection: RULES_COLLECTION, versionKey: false },
);

export const SettingsSchema = new Schema<SettingsDocument>(
  {
    _id: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
    seeded_at: { type: Date, required: true },
  },
  { collection: SETTINGS_COLLECTION, versionKey: false, minimize: false },
);

export const RulesetVersionSchema = new Schema<RulesetVersionDocument>(
  {
    _id: { type: Number, required: true },
    reason: { type: String, required: true },
    created_at: { type: Date, required: true },
    recompute: { type: Schema.Types.Mixed, required: false },
    fold_basis: { type: Schema.Types.Mixed, required: false },
  },
  { collection: RULESET_VERSIONS_COLLECTION, versionKey: false },
);
