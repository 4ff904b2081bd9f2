/** An event as a client sends it, before validation (aliases allowed). */
export interface IncomingEvent {
  event_id?: string;
  eventId?: string;
  event_type: string;
  source?: string;
  timestamp?: string;
  occurred_at?: string;
  metadata: Record<string, unknown>;
}

/** An event after validation: aliases folded, type upper-cased, email lower-cased, timestamp ISO in UTC. */
export interface NormalizedEvent {
  /** Absent when the client gave none: the gateway derives the idempotency key. */
  event_id?: string;
  event_type: string;
  source: string;
  /** Absent when the client gave none: the gateway uses the time of receipt. */
  timestamp?: string;
  metadata: Record<string, unknown>;
  email?: string;
  lead_id?: string;
  name?: string;
  company?: string;
}

/** Domains whose users are people, not companies: `company` is not derived from them. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'hotmail.com', 'outlook.com', 'live.com',
  'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com',
  'gmx.de', 'web.de', 'mail.com', 'yandex.com', 'yandex.ru', 'zoho.com', 'fastmail.com', 'hey.com',
]);

/** The company a lead is assumed to work for when the event names none. */
export function companyFromEmail(email: string): string | undefined {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domain && !FREE_MAIL_DOMAINS.has(domain) ? domain : undefined;
}
