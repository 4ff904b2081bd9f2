import { queueLabel, throughputUnit } from './queue-labels';

describe('queueLabel', () => {
  it('names the known queues, the trigger deliveries included, and keeps unknown names', () => {
    expect(queueLabel('scoring').label).toBe('Scoring');
    expect(queueLabel('trigger-deliveries')).toEqual({ label: 'Trigger webhooks', description: expect.stringContaining('webhooks') });
    expect(queueLabel('something-new')).toEqual({ label: 'something-new', description: null });
  });
});

describe('throughputUnit', () => {
  it("prefers the API's unit and fills in a missing or generic one", () => {
    expect(throughputUnit('scoring', 'events')).toBe('events');
    expect(throughputUnit('trigger-deliveries', 'deliveries')).toBe('deliveries');
    expect(throughputUnit('trigger-deliveries', 'jobs')).toBe('attempts');
    expect(throughputUnit('trigger-deliveries', undefined)).toBe('attempts');
    expect(throughputUnit('other', 'jobs')).toBe('jobs');
    expect(throughputUnit('other', '')).toBe('jobs');
  });
});
