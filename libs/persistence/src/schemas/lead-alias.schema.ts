import { Schema } from 'mongoose';

/** An external lead id and the lead that first claimed it (SPEC.md: the first owner keeps an alias). */
export interface LeadAliasDocument {
  _id: string;
  lead_key: string;
  created_at: Date;
}

export const LEAD_ALIASES_COLLECTION = 'lead_aliases';

export const LeadAliasSchema = new Schema<LeadAliasDocument>(
  {
    _id: { type: String, required: true },
    lead_key: { type: String, required: true },
    created_at: { type: Date, required: true },
  },
  { collection: LEAD_ALIASES_COLLECTION, versionKey: false },
);
