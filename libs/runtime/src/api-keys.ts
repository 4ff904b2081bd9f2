import { createHash, timingSafeEqual } from 'node:crypto';

export type KeyScope = 'ingest' | 'admin';

export const API_KEYS = Symbol('API_KEYS');

/**
 * The keys a service accepts. An admin key is accepted wherever an ingestion key is.
 * Keys are compared as SHA-256 digests with timingSafeEqual: constant time, whatever the lengths.
 */
export class ApiKeys {
  private readonly digests: Record<KeyScope, Buffer[]>;

  constructor(keys: { ingest?: string[]; admin: string[] }) {
    const admin = keys.admin.map(digest);
    this.digests = { admin, ingest: [...(keys.ingest ?? []).map(digest), ...admin] };
  }

  accepts(scope: KeyScope, presented: string | undefined): boolean {
    if (!presented) return false;
    const candidate = digest(presented);
    let match = false;
    for (const known of this.digests[scope]) match = timingSafeEqual(known, candidate) || match;
    return match;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** The key from `X-API-Key` or `Authorization: Bearer`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = headers['authorization'];
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (match) return match[1].trim();
  }
  return undefined;
}
