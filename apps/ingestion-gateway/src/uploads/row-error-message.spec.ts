import { validateEvent } from '@lead-scoring/contracts';
import { rowErrorMessage } from './csv-events';

describe('rowErrorMessage', () => {
  it('joins validation details as "field: message" pairs', () => {
    expect(
      rowErrorMessage([
        { field: 'metadata.email', message: 'must be an email' },
        { field: 'event_type', message: 'is required' },
      ]),
    ).toBe('metadata.email: must be an email; event_type: is required');
    expect(rowErrorMessage([])).toBe('');
  });

  it('reads well on the details of validateEvent', () => {
    const result = validateEvent({ metadata: { email: 'nope' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(rowErrorMessage(result.details)).toBe('event_type: is required; metadata.email: must be an email');
  });
});
