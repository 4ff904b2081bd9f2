import { LeadDocument } from '@lead-scoring/persistence';
import { RememberedLeads } from './remembered-leads';

function lead(key: string, traits: Record<string, unknown> = {}): LeadDocument {
  return {
    _id: key,
    lead_id: `ld_${key}`,
    email: key,
    name: null,
    company: null,
    aliases: [],
    score: 10,
    stage: 'cold',
    event_count: 1,
    first_event_at: new Date('2026-01-01T00:00:00Z'),
    last_event_at: new Date('2026-01-01T00:00:00Z'),
    last_applied: { timestamp: new Date('2026-01-01T00:00:00Z'), event_id: 'e1' },
    rule_tallies: [{ rule_id: 'r', count: 1, points: 10 }],
    traits,
    event_types: ['PAGE_VIEW'],
    rules_digest: 'd',
    history_digest: 'h',
    ruleset_version: 1,
    updated_at: new Date('2026-01-01T00:00:00Z'),
  };
}

const bytesOf = (document: LeadDocument) => JSON.stringify(document).length;

describe('RememberedLeads', () => {
  it('gives back a lead as it was remembered, in its partition only', () => {
    const memory = new RememberedLeads(1_000_000);
    memory.remember(3, [lead('a@x.io'), lead('b@x.io')]);
    expect(memory.get(3, 'a@x.io')).toEqual(lead('a@x.io'));
    // A Date still (of the realm structuredClone runs in, which in Jest is not the test's).
    expect(memory.get(3, 'b@x.io')?.last_applied?.timestamp.getTime()).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(memory.get(4, 'a@x.io')).toBeUndefined();
    expect(memory.get(3, 'c@x.io')).toBeUndefined();
  });

  it('keeps its own copies: changing a lead given to it, or given by it, changes nothing remembered', () => {
    const memory = new RememberedLeads(1_000_000);
    const saved = lead('a@x.io', { plan: 'free' });
    memory.remember(0, [saved]);
    saved.score = 99;
    (saved.traits as Record<string, unknown>).plan = 'paid';
    const read = memory.get(0, 'a@x.io') as LeadDocument;
    expect(read).toMatchObject({ score: 10, traits: { plan: 'free' } });
    read.rule_tallies.push({ rule_id: 'x', count: 1, points: 1 });
    expect(memory.get(0, 'a@x.io')?.rule_tallies).toHaveLength(1);
  });

  it('replaces a lead saved again, counting its bytes once', () => {
    const memory = new RememberedLeads(1_000_000);
    memory.remember(0, [lead('a@x.io')]);
    memory.remember(0, [{ ...lead('a@x.io'), score: 42 }]);
    expect(memory.get(0, 'a@x.io')?.score).toBe(42);
    expect(memory.sizeOf(0)).toEqual({ leads: 1, bytes: bytesOf({ ...lead('a@x.io'), score: 42 }) });
  });

  it("keeps each partition within its share of bytes, forgetting its least recently used leads first", () => {
    const share = bytesOf(lead('a@x.io')) * 3 + 10;
    const memory = new RememberedLeads(share);
    memory.remember(0, [lead('a@x.io'), lead('b@x.io'), lead('c@x.io')]);
    memory.remember(1, [lead('z@x.io')]);
    memory.get(0, 'a@x.io'); // now b is the least recently used
    memory.remember(0, [lead('d@x.io')]);
    expect(['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io'].map((key) => memory.get(0, key) !== undefined)).toEqual([true, false, true, true]);
    expect(memory.sizeOf(0).bytes).toBeLessThanOrEqual(share);
    // Another partition's share is its own.
    expect(memory.get(1, 'z@x.io')).toBeDefined();
  });

  it('does not remember a lead larger than a share, nor an older copy of it', () => {
    const memory = new RememberedLeads(2_000);
    memory.remember(0, [lead('a@x.io')]);
    memory.remember(0, [lead('a@x.io', { notes: 'x'.repeat(5_000) })]);
    expect(memory.get(0, 'a@x.io')).toBeUndefined();
    expect(memory.sizeOf(0)).toEqual({ leads: 0, bytes: 0 });
  });

  it('forgets a whole partition, and only that one', () => {
    const memory = new RememberedLeads(1_000_000);
    memory.remember(0, [lead('a@x.io')]);
    memory.remember(1, [lead('b@x.io')]);
    memory.forgetPartition(0);
    expect(memory.get(0, 'a@x.io')).toBeUndefined();
    expect(memory.sizeOf(0)).toEqual({ leads: 0, bytes: 0 });
    expect(memory.get(1, 'b@x.io')).toBeDefined();
  });
});
