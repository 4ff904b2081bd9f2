import { DELIVERY_STATUSES, DeliveryStatus, ErrorDetail } from '@lead-scoring/contracts';

export interface DeliveriesQuery {
  status: DeliveryStatus | null;
  after: { created_at: Date; id: string } | null;
  limit: number;
}

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;

export function encodeDeliveriesCursor(position: { created_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ t: position.created_at.toISOString(), id: position.id })).toString('base64url');
}

/** GET /api/triggers/:id/deliveries query parameters; a value that is not exactly what we write is a 400 naming it. */
export function parseDeliveriesQuery(query: Record<string, unknown>): { ok: true; value: DeliveriesQuery } | { ok: false; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  const status = query.status === undefined || query.status === '' ? null : query.status;
  if (status !== null && !(typeof status === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(status))) {
    details.push({ field: 'status', message: `must be one of ${DELIVERY_STATUSES.join(', ')}` });
  }
  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    limit = typeof query.limit === 'string' && /^\d{1,3}$/.test(query.limit) ? Number(query.limit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) details.push({ field: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` });
  }
  const after = query.cursor === undefined || query.cursor === '' ? null : decodeCursor(query.cursor);
  if (after === undefined) details.push({ field: 'cursor', message: 'is not a cursor this endpoint gave' });
  if (details.length > 0) return { ok: false, details };
  return { ok: true, value: { status: status as DeliveryStatus | null, after: after ?? null, limit } };
}

function decodeCursor(raw: unknown): { created_at: Date; id: string } | undefined {
  if (typeof raw !== 'string' || raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const { t, id, ...rest } = value as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || typeof t !== 'string' || typeof id !== 'string' || !/^dlv_[A-Za-z0-9_-]{1,64}$/.test(id)) return undefined;
    const created = new Date(t);
    return Number.isNaN(created.getTime()) || created.toISOString() !== t ? undefined : { created_at: created, id };
  } catch {
    return undefined;
  }
}
