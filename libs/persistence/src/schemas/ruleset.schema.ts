import { Schema } from 'mongoose';
import { RuleCondition, ScoringSettings } from '@lead-scoring/contracts';

export interface RuleDocument {
  _id: string;
  name: string;
  event_type: string;
  points: number;
  conditions: RuleCondition[];
  max_per_lead: number | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The single settings document: scoring settings and the ruleset version every lead is scored against. */
export interface SettingsDocument {
  _id: 'scoring';
  ruleset_version: number;
  settings: ScoringSettings;
  seeded_at: Date;
}

export const RULES_COLLECTION = 'rules';
export const SETTINGS_COLLECTION = 'settings';
export const SETTINGS_ID = 'scoring';

export const RuleSchema = new Schema<RuleDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    event_type: { type: String, required: true },
    points: { type: Number, required: true },
    conditions: { type: Schema.Types.Mixed, default: [] },
    max_per_lead: { type: Number, default: null },
    active: { type: Boolean, required: true },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { collection: RULES_COLLECTION, versionKey: false },
);

export const SettingsSchema = new Schema<SettingsDocument>(
  {
    _id: { type: String, required: true },
    ruleset_version: { type: Number, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
    seeded_at: { type: Date, required: true },
  },
  { collection: SETTINGS_COLLECTION, versionKey: false, minimize: false },
);
