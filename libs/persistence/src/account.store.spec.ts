import { accountLeadOf, parseSummary } from './account.store';
import { LeadDocument } from './schemas/lead.schema';

describe('parseSummary', () => {
  it('gives the API shape whatever order cjson wrote the keys in, with stages sorted', () => {
    const written = '{"stages":{"warm":1,"cold":2},"leads":3,"best_lead":{"score":60,"name":null,"lead_id":"ld_2","email":"b@acme.com"},"engaged_leads":2,"score":75,"account":"Acme"}';
    const summary = parseSummary(written);
    expect(JSON.stringify(summary)).toBe(
      '{"account":"Acme","score":75,"leads":3,"engaged_leads":2,"best_lead":{"lead_id":"ld_2","email":"b@acme.com","name":null,"score":60},"stages":{"cold":2,"warm":1}}',
    );
  });

  it('reads a removed account (no leads: no best lead, and cjson writes no stages as {} or [])', () => {
    expect(parseSummary('{"account":"Gone","score":0,"leads":0,"engaged_leads":0,"best_lead":null,"stages":[]}')).toEqual({
      account: 'Gone', score: 0, leads: 0, engaged_leads: 0, best_lead: null, stages: {},
    });
  });
});

describe('accountLeadOf', () => {
  it('keeps what an account needs of a lead', () => {
    const lead = { lead_id: 'ld_1', email: 'a@acme.com', name: 'Ann', company: 'Acme', score: 40, stage: 'cold', event_count: 3 } as unknown as LeadDocument;
    expect(accountLeadOf(lead)).toEqual({ lead_id: 'ld_1', email: 'a@acme.com', name: 'Ann', company: 'Acme', score: 40, stage: 'cold' });
  });
});
