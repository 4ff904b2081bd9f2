import type { EventInput } from '../api/writes';

export interface EventFormValues {
  event_type: string;
  email: string;
  lead_id: string;
  name: string;
  company: string;
  source: string;
  /** `datetime-local` value (local time, no offset) or empty for "now". */
  timestamp: string;
  /** Extra metadata as a JSON object, or empty. */
  extra: string;
}

export const EMPTY_EVENT_FORM: EventFormValues = { event_type: 'PAGE_VIEW', email: '', lead_id: '', name: '', company: '', source: 'dashboard', timestamp: '', extra: '' };

export type FieldErrors = Partial<Record<keyof EventFormValues, string>>;

const EVENT_TYPE = /^[A-Z][A-Z0-9_]{0,63}$/;
// The gateway has the final word; this only catches typos before a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The same rules as the gateway (SPEC.md "The event"), so most mistakes are shown before sending. */
export function validateEventForm(values: EventFormValues): { ok: true; event: EventInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const eventType = values.event_type.trim().toUpperCase();
  if (!eventType) errors.event_type = 'Enter an event type.';
  else if (!EVENT_TYPE.test(eventType)) errors.event_type = 'Use capital letters, digits and _ (e.g. PAGE_VIEW), starting with a letter.';

  const email = values.email.trim();
  const leadId = values.lead_id.trim();
  if (!email && !leadId) errors.email = 'Enter an email or an external lead id.';
  else if (email && !EMAIL.test(email)) errors.email = 'Enter a valid email address.';

  if (values.source.length > 64) errors.source = 'At most 64 characters.';

  let timestamp: string | undefined;
  if (values.timestamp.trim()) {
    const time = new Date(values.timestamp);
    if (Number.isNaN(time.getTime())) errors.timestamp = 'Enter a valid date and time.';
    else if (time.getTime() > Date.now() + 24 * 3_600_000) errors.timestamp = 'Must not be more than 24 hours in the future.';
    else if (time.getTime() < Date.UTC(2000, 0, 1)) errors.timestamp = 'Must not be before 2000.';
    else timestamp = time.toISOString();
  }

  let extra: Record<string, unknown> = {};
  if (values.extra.trim()) {
    try {
      const parsed = JSON.parse(values.extra) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) errors.extra = 'Must be a JSON object, e.g. {"url": "/pricing"}.';
      else extra = parsed as Record<string, unknown>;
    } catch {
      errors.extra = 'Not valid JSON.';
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const metadata: Record<string, unknown> = { ...extra };
  if (email) metadata['email'] = email;
  if (leadId) metadata['lead_id'] = leadId;
  if (values.name.trim()) metadata['name'] = values.name.trim();
  if (values.company.trim()) metadata['company'] = values.company.trim();
  const event: EventInput = { event_type: eventType, metadata };
  if (values.source.trim()) event.source = values.source.trim();
  if (timestamp) event.timestamp = timestamp;
  return { ok: true, event };
}

/** Maps the gateway's error details (`metadata.email`, `event_type`, ...) onto the form's fields. */
export function fieldOfDetail(field: string): keyof EventFormValues {
  if (field === 'event_type' || field === 'source' || field === 'timestamp') return field;
  if (field === 'metadata.email') return 'email';
  if (field === 'metadata.lead_id') return 'lead_id';
  if (field === 'metadata.name') return 'name';
  if (field === 'metadata.company') return 'company';
  return 'extra';
}
