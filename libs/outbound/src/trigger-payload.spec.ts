import { slackText, triggerWebhookBody, triggerWebhookRequest } from './trigger-payload';
import { verifyWebhookSignature } from './webhook-signature';

const input = {
  trigger: { id: 'trg_1', name: 'Hot lead' },
  lead: { lead_id: 'ld_1', email: 'a@acme.io', name: '<!channel> Ann & co', company: 'Acme', score: 160, stage: 'hot', grade: null },
  firing: { n: 2, event_id: 'e1', timestamp: '2026-01-01T00:00:00.000Z', score_before: 140, score_after: 160, stage_before: 'hot', stage_after: 'hot', grade_before: 'C2', grade_after: 'C2' },
};

describe('trigger payloads', () => {
  it('sends the standard payload with trigger, lead and firing', () => {
    const body = JSON.parse(triggerWebhookBody('standard', input, new Date('2026-02-01T00:00:00.000Z')));
    expect(body).toEqual({ type: 'lead.trigger', timestamp: '2026-02-01T00:00:00.000Z', data: input });
  });

  it('escapes Slack control characters so that a lead name cannot mention a channel', () => {
    const text = slackText(input);
    expect(text).toContain('&lt;!channel&gt; Ann &amp; co');
    expect(text).not.toMatch(/[<>]/);
    expect(JSON.parse(triggerWebhookBody('slack', input, new Date()))).toEqual({ text });
  });

  it('signs a standard request under the delivery id with every secret, and leaves a slack one unsigned', () => {
    const secrets = ['whsec_' + Buffer.alloc(24, 1).toString('base64'), 'whsec_' + Buffer.alloc(24, 2).toString('base64')];
    const now = new Date('2026-02-01T00:00:00.000Z');
    const standard = triggerWebhookRequest('standard', input, { webhookId: 'dlv_1', secrets }, now);
    expect(standard.headers).toMatchObject({ 'webhook-id': 'dlv_1', 'webhook-timestamp': String(now.getTime() / 1000) });
    expect(standard.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhookSignature({ headers: standard.headers, body: standard.body, secrets: [secrets[1]], nowSeconds: now.getTime() / 1000 }).ok).toBe(true);
    expect(triggerWebhookRequest('slack', input, { webhookId: 'dlv_1', secrets }, now).headers).toEqual({});
  });
});
