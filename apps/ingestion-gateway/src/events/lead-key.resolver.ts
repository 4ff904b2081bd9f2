import { Injectable } from '@nestjs/common';
import { NormalizedEvent } from '@lead-scoring/contracts';
import { LeadAliasRepository, leadKeyForEmail, placeholderLeadKey } from '@lead-scoring/persistence';

/**
 * Which lead an event belongs to (SPEC.md "Identity"): the email's lead; for an event with only an external
 * lead_id, the lead holding that alias, or a placeholder lead created for it.
 */
@Injectable()
export class LeadKeyResolver {
  constructor(private readonly aliases: LeadAliasRepository) {}

  async resolve(event: NormalizedEvent): Promise<string> {
    if (event.email) {
      const leadKey = leadKeyForEmail(event.email);
      // The alias stays with its first owner; this event still goes to its email's lead.
      if (event.lead_id) await this.aliases.claim(event.lead_id, leadKey);
      return leadKey;
    }
    const externalId = event.lead_id as string;
    return (await this.aliases.holderOf(externalId)) ?? (await this.aliases.claim(externalId, placeholderLeadKey(externalId)));
  }
}
