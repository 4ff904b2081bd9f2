import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors';
import { LEAD_ALIASES_COLLECTION, LeadAliasDocument } from '../schemas/lead-alias.schema';

@Injectable()
export class LeadAliasRepository {
  constructor(@InjectModel(LEAD_ALIASES_COLLECTION) private readonly aliases: Model<LeadAliasDocument>) {}

  /**
   * Gives `externalId` to `leadKey` unless another lead holds it already; returns the holder.
   * The unique _id settles races between gateways: the first insert wins, the others read it.
   */
  async claim(externalId: string, leadKey: string): Promise<string> {
    try {
      await this.aliases.create({ _id: externalId, lead_key: leadKey, created_at: new Date() });
      return leadKey;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await this.aliases.findById(externalId).lean<LeadAliasDocument>().exec();
      return holder?.lead_key ?? leadKey;
    }
  }

  async holderOf(externalId: string): Promise<string | null> {
    const alias = await this.aliases.findById(externalId).lean<LeadAliasDocument>().exec();
    return alias?.lead_key ?? null;
  }
}
