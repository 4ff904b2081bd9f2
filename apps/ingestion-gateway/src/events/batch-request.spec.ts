import { eventsOfBatch } from './batch-request';

describe('eventsOfBatch', () => {
  it('takes an envelope or a bare array', () => {
    expect(eventsOfBatch({ events: [1, 2] })).toEqual({ items: [1, 2] });
    expect(eventsOfBatch([3])).toEqual({ items: [3] });
  });

  it('names the events field when the shape or the size is wrong', () => {
    expect(eventsOfBatch({ event: [] })).toEqual({ error: { field: 'events', message: expect.stringContaining('must be an array') } });
    expect(eventsOfBatch([])).toEqual({ error: { field: 'events', message: 'must contain at least one event' } });
    expect(eventsOfBatch(new Array(1001).fill({}))).toEqual({ error: { field: 'events', message: 'must contain at most 1000 events (got 1001)' } });
  });
});
