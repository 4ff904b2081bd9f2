import { DeliveryLead, Firing, TriggerFormat, TriggerWebhookPayload } from '@lead-scoring/contracts';
import { signWebhook } from './webhook-signature';

export interface PayloadInput {
  trigger: { id: string; name: string };
  lead: DeliveryLead;
  firing: Firing;
}

/** What a `standard` destination receives. */
export function triggerWebhookPayload(input: PayloadInput, now: Date): TriggerWebhookPayload {
  return { type: 'lead.trigger', timestamp: now.toISOString(), data: { trigger: input.trigger, lead: input.lead, firing: input.firing } };
}

/** One line for a Slack incoming webhook, e.g. "Hot lead: alice@acme.com (Acme) reached 160 (hot), trigger …". */
export function slackText(input: PayloadInput): string {
  const { lead, firing, trigger } = input;
  const who = [lead.name, lead.email].filter(Boolean).join(' ') || lead.lead_id;
  const company = lead.company ? ` (${lead.company})` : '';
  return slackEscape(`${trigger.name}: ${who}${company} went from ${firing.score_before} (${firing.stage_before}) to ${firing.score_after} (${firing.stage_after}), firing #${firing.n}`);
}

/**
 * Slack reads `<...>` as links and mentions (`<!channel>` pings everyone): a lead's name comes from events anyone
 * with an ingest key can send, so the three control characters are escaped as Slack asks.
 */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The exact body to send (and sign) for a trigger's format. */
export function triggerWebhookBody(format: TriggerFormat, input: PayloadInput, now: Date): string {
  return JSON.stringify(format === 'slack' ? { text: slackText(input) } : triggerWebhookPayload(input, now));
}

/**
 * The body and headers of one attempt: `standard` signed per Standard Webhooks with `secrets` under `webhookId`
 * (a fresh timestamp each attempt), `slack` unsigned.
 */
export function triggerWebhookRequest(
  format: TriggerFormat,
  input: PayloadInput,
  signing: { webhookId: string; secrets: readonly string[] },
  now: Date,
): { body: string; headers: Record<string, string> } {
  const body = triggerWebhookBody(format, input, now);
  if (format === 'slack') return { body, headers: {} };
  return { body, headers: signWebhook({ id: signing.webhookId, timestamp: Math.floor(now.getTime() / 1000), body, secrets: signing.secrets }) };
}
