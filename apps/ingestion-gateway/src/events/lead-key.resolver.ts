import { Injectable } from '@nestjs/common';
import { NormalizedEvent } from '@lead-scoring/contracts';
import { LeadAliasRepository, leadKeyForEmail, placeholderLeadKey } from '@lead-scoring/persistence';

/** Alias ownership never changes once claimed, so a bounded in-process cache of it is always right. */
const MAX_CACHED_ALIASES = 100_000;

/**
 * Which lead an event belongs to (SPEC.md "Identity"): the email's lead; for an event with only an external
 * lead_id, the lead holding that alias, or a placeholder lead created for it.
 */
@Injectable()
export class LeadKeyResolver {
  private readonly holders = new Map<string, string>();

  constructor(private readonly aliases: LeadAliasRepository) {}

  async resolve(event: NormalizedEvent): Promise<string> {
    if (event.email) {
      const leadKey = leadKeyForEmail(event.email);
      // The alias stays with its first owner; this event still goes to its email's lead.
      if (event.lead_id) await this.holderOf(event.lead_id, leadKey);
      return leadKey;
    }
    return this.holderOf(event.lead_id as string, placeholderLeadKey(event.lead_id as string));
  }

  /** The lead holding `externalId`, claiming it for `claimant` when nobody does yet. */
  private async holderOf(externalId: string, claimant: string): Promise<string> {
    const cached = this.holders.get(externalId);
    if (cached) return cached;
    const holder = (await this.aliases.holderOf(externalId)) ?? (await this.aliases.claim(externalId, claimant));
    if (this.holders.size >= MAX_CACHED_ALIASES) this.holders.delete(this.holders.keys().next().value as string);
    this.holders.set(externalId, holder);
    return holder;
  }
}
