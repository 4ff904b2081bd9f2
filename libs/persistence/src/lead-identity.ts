import { createHash } from 'node:crypto';

/**
 * The key a lead is stored and partitioned under: its lower-cased email, or `alias:<lead_id>` for a lead
 * known only by an external id.
 */
export function leadKeyForEmail(email: string): string {
  return email.toLowerCase();
}

export function placeholderLeadKey(externalId: string): string {
  return `alias:${externalId}`;
}

/** A lead's public id: stable, derived from its key, so every service computes it without a lookup. */
export function publicLeadId(leadKey: string): string {
  return `ld_${createHash('sha256').update(leadKey).digest('hex').slice(0, 20)}`;
}
