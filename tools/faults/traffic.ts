// Test traffic for the fault scenarios: seeded events, and senders that keep a ledger of what the gateway answered.
import { generator } from '../../e2e/src/support/seeded-random';

export { generator };

export const EVENT_TYPES = ['PAGE_VIEW', 'EMAIL_OPEN', 'FORM_SUBMISSION', 'DEMO_REQUEST', 'PURCHASE', 'WEBINAR_JOINED'];

export interface FaultEvent {
  event_id: string;
  event_type: string;
  timestamp: string;
  source: string;
  metadata: { email: string; url?: string };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export function byEventTime(a: { timestamp: string; event_id: string }, b: { timestamp: string; event_id: string }): number {
  return Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);
}

/**
 * `count` events spread over `leads` leads, in a random time order within 2025 (some share a timestamp, so the
 * event_id tie-break matters), with a type without a rule among them (it must be stored and counted, score 0).
 */
export function generateEvents(count: number, leads: number, seed: number, tag: string): FaultEvent[] {
  const random = generator(seed);
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  const events: FaultEvent[] = [];
  for (let i = 0; i < count; i++) {
    const lead = Math.floor(random() * leads);
    // One lead in three gets timestamps from a small set, so ties on timestamp are common.
    const time = lead % 3 === 0 ? start + Math.floor(random() * 50) * 1000 : start + Math.floor(random() * 300 * 86_400_000);
    events.push({
      event_id: `${tag}-${seed.toString(36)}-${i.toString(36)}-${Math.floor(random() * 1e6).toString(36)}`,
      event_type: EVENT_TYPES[Math.floor(random() * EVENT_TYPES.length)],
      timestamp: new Date(time).toISOString(),
      source: 'faults',
      metadata: { email: `${tag}-lead-${lead}@faults.example`, url: `/page/${i % 7}` },
    });
  }
  return events;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the gateways answered, per event id: the ground truth the verification checks the stored data against. */
export class Ledger {
  readonly accepted = new Set<string>();
  /** Event ids answered 202 "accepted" more than once: always a bug (a key seen before must be a duplicate). */
  readonly acceptedTwice: string[] = [];
  duplicates = 0;
  rejected = 0;
  requests = 0;
  /** 503 and 429 answers (retried by the sender). */
  unavailable = 0;
  /** Requests without an answer (connection refused or reset; retried). */
  networkErrors = 0;
  /** Events answered "duplicate" on a retry: stored by an attempt whose answer was lost to the failure. */
  storedBeforeFailure = 0;
  /** Unexpected statuses, e.g. a 500. */
  readonly unexpected: string[] = [];
  sent = 0;

  /**
   * `retried`: the request is a retry after a 503 or a lost connection. A "duplicate" answer then most likely means
   * the failed attempt was stored (the server went away between its commit and its answer): the event is ours and
   * stored, so it counts as accepted; the verification then checks it was stored and scored once.
   */
  record(eventId: string, status: string, retried = false): void {
    if (status === 'accepted') {
      if (this.accepted.has(eventId)) this.acceptedTwice.push(eventId);
      this.accepted.add(eventId);
    } else if (status === 'duplicate') {
      this.duplicates += 1;
      if (retried && !this.accepted.has(eventId)) {
        this.accepted.add(eventId);
        this.storedBeforeFailure += 1;
      }
    } else this.rejected += 1;
  }
}

export interface SendOptions {
  /** Give up retrying after this long (ms). */
  retryForMs?: number;
  /** Called before each attempt: which gateway URL to use (lets a scenario move traffic between gateways). */
  gateway: () => string;
  ingestKey: string;
}

/**
 * Sends one batch and records every item's answer. 503, 429 and connection errors are retried (the batch is
 * idempotent by event_id) until `retryForMs` passes; a retried event that had been stored before the failure
 * then answers "duplicate", which is why "accepted" is counted per event id, not per answer.
 */
export async function sendBatch(events: readonly FaultEvent[], ledger: Ledger, options: SendOptions): Promise<boolean> {
  const deadline = Date.now() + (options.retryForMs ?? 120_000);
  const body = JSON.stringify({ events });
  let first = true;
  let failedBefore = false;
  for (;;) {
    ledger.requests += 1;
    if (first) ledger.sent += events.length;
    first = false;
    let response: Response;
    try {
      response = await fetch(`${options.gateway()}/api/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': options.ingestKey },
        body,
      });
    } catch {
      ledger.networkErrors += 1;
      failedBefore = true;
      if (Date.now() > deadline) return false;
      await sleep(250);
      continue;
    }
    if (response.status === 202) {
      const result = (await response.json()) as { results: { event_id: string | null; status: string }[] };
      result.results.forEach((item, index) => ledger.record(item.event_id ?? events[index].event_id, item.status, failedBefore));
      return true;
    }
    const text = await response.text();
    if (response.status === 503 || response.status === 429) {
      ledger.unavailable += 1;
      failedBefore = true;
      if (Date.now() > deadline) return false;
      const retryAfter = Number(response.headers.get('retry-after') ?? 1);
      await sleep(Math.min(2000, Math.max(200, retryAfter * 1000 / 2)));
      continue;
    }
    ledger.unexpected.push(`${response.status} ${text.slice(0, 200)}`);
    return false;
  }
}

/** Sends batches with `concurrency` requests in flight, in order of the list. */
export async function sendAll(batches: readonly FaultEvent[][], concurrency: number, ledger: Ledger, options: SendOptions): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      await sendBatch(batch, ledger, options);
    }
  }));
}
