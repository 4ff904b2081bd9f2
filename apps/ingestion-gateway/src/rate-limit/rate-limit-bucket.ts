import { SetMetadata } from '@nestjs/common';

const WEBHOOK_SOURCE_LIMIT = 'lead-scoring:rate-limit-per-webhook-source';

/** Marks a controller whose callers are webhook senders: limited per source and client address, never per key. */
export const RateLimitPerWebhookSource = () => SetMetadata(WEBHOOK_SOURCE_LIMIT, true);
export const WEBHOOK_SOURCE_LIMIT_METADATA = WEBHOOK_SOURCE_LIMIT;

export interface RateLimitCaller {
  /** Set on webhook routes: the source named by the URL. */
  webhookSource?: string;
  /** The API key presented, when it is one the gateway accepts. */
  validKey?: string;
  /** The client address as Express reports it (honours TRUST_PROXY). */
  clientAddress: string;
}

/**
 * Which counter a request is charged to. A bucket must be something the caller cannot mint at will, or one
 * caller becomes many: a valid key (each key is a grant the operator made); otherwise the client address,
 * which a caller cannot choose freely. Webhook senders present no key at all (they sign), and any key they add
 * is ignored: they are counted per source and address, so random `X-API-Key` values buy nothing.
 */
export function rateLimitBucket(caller: RateLimitCaller): { bucket: string; who: string } {
  if (caller.webhookSource !== undefined) {
    return { bucket: `webhook:${caller.webhookSource}:${caller.clientAddress}`, who: `for webhook source ${caller.webhookSource} from this address` };
  }
  if (caller.validKey !== undefined) return { bucket: `key:${caller.validKey}`, who: 'with this key' };
  return { bucket: `address:${caller.clientAddress}`, who: 'from this address without a valid key' };
}
