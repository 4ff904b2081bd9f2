import { createHash } from 'node:crypto';
import { canonicalEmail } from '@lead-scoring/contracts';

/**
 * The key a lead is stored and partitioned under: its email in canonical form (lower case, NFC local part,
 * punycode domain: canonicalEmail), or `alias:<lead_id>` for a lead known only by an external id. Ingestion
 * and lookups by email both go through here, so every spelling of an address finds the same lead.
 */
export function leadKeyForEmail(email: string): string {
  return canonicalEmail(email);
}

export function placeholderLeadKey(externalId: string): string {
  return `alias:${externalId}`;
}

/** A lead's public id: stable, derived from its key, so every service computes it without a lookup. */
export function publicLeadId(leadKey: string): string {
  return `ld_${createHash('sha256').update(leadKey).digest('hex').slice(0, 20)}`;
}
