import type { TriggerTestResult } from '@lead-scoring/contracts';
import {
  attemptSucceeded,
  DELIVERY_TABS,
  describeAttempt,
  describeTestResult,
  formatDuration,
  leadText,
  nextAttemptText,
  scoreChange,
  triggerNameOf,
  triggerNames,
} from './delivery-view';

const now = Date.parse('2026-03-01T12:00:00Z');

describe('delivery wording', () => {
  it('has a tab for every status and one for all', () => {
    expect(DELIVERY_TABS.map((tab) => tab.status)).toEqual([null, 'pending', 'delivered', 'failed', 'suppressed']);
  });

  it('describes an attempt by its status code, else by its error', () => {
    expect(describeAttempt({ status_code: 200, error: null })).toBe('HTTP 200');
    expect(describeAttempt({ status_code: 503, error: 'Service Unavailable' })).toBe('HTTP 503: Service Unavailable');
    expect(describeAttempt({ status_code: null, error: 'timed out after 10 s' })).toBe('timed out after 10 s');
    expect(describeAttempt({ status_code: null, error: null })).toBe('no answer');
    expect(attemptSucceeded({ status_code: 204 })).toBe(true);
    expect(attemptSucceeded({ status_code: 301 })).toBe(false);
    expect(attemptSucceeded({ status_code: null })).toBe(false);
  });

  it('formats durations and score changes', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(2500)).toBe('2.5 s');
    expect(formatDuration(-1)).toBe('—');
    expect(scoreChange({ score_before: 45, score_after: 55 })).toBe('45 → 55');
    expect(scoreChange({ score_before: 45.25, score_after: 50 })).toBe('45.3 → 50');
  });

  it('gives a next attempt only to pending deliveries', () => {
    expect(nextAttemptText({ status: 'delivered', next_attempt_at: null }, now)).toBe('—');
    expect(nextAttemptText({ status: 'pending', next_attempt_at: null }, now)).toBe('queued');
    expect(nextAttemptText({ status: 'pending', next_attempt_at: '2026-03-01T11:59:00Z' }, now)).toBe('due now');
    expect(nextAttemptText({ status: 'pending', next_attempt_at: '2026-03-01T12:05:00Z' }, now)).toBe('in 5 minutes');
  });

  it('names the lead by email, then name, then id', () => {
    const lead = { lead_id: 'ld_1', email: null, name: null, company: null, score: 1, stage: 'cold', grade: null };
    expect(leadText({ lead_id: 'ld_1', lead: { ...lead, email: 'a@b.com', name: 'A' } })).toBe('a@b.com');
    expect(leadText({ lead_id: 'ld_1', lead: { ...lead, name: 'A' } })).toBe('A');
    expect(leadText({ lead_id: 'ld_1', lead })).toBe('ld_1');
  });

  it('says what the destination answered to a test send', () => {
    const result = (change: Partial<TriggerTestResult>): TriggerTestResult => ({ ok: true, status_code: 200, error: null, duration_ms: 34, response_excerpt: 'ok', ...change });
    expect(describeTestResult(result({}))).toBe('Delivered: the destination answered HTTP 200 in 34 ms.');
    expect(describeTestResult(result({ ok: false, status_code: 404 }))).toBe('Not accepted: the destination answered HTTP 404 in 34 ms.');
    expect(describeTestResult(result({ ok: false, status_code: null, error: 'connection refused', duration_ms: 3 }))).toBe('No answer after 3 ms: connection refused.');
  });

  it('names triggers by id and falls back to the id', () => {
    const names = triggerNames([{ id: 'trg_1', name: 'Hot lead' }]);
    expect(triggerNameOf(names, 'trg_1')).toBe('Hot lead');
    expect(triggerNameOf(names, 'trg_2')).toBe('trg_2');
    expect(triggerNameOf(triggerNames(undefined), 'trg_1')).toBe('trg_1');
  });
});
