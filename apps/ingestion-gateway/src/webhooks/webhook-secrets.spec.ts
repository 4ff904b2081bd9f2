import { z } from 'zod';
import { formatWebhookSecret, parseWebhookSecrets, webhookSecretsVar } from './webhook-secrets';

const first = Buffer.alloc(32, 1);
const second = Buffer.alloc(24, 2);
const whsecFirst = formatWebhookSecret(first);
const whsecSecond = formatWebhookSecret(second);

describe('parseWebhookSecrets', () => {
  it('gives no sources and no errors when unset or empty', () => {
    expect(parseWebhookSecrets(undefined)).toEqual({ secrets: new Map(), errors: [] });
    expect(parseWebhookSecrets('  ')).toEqual({ secrets: new Map(), errors: [] });
  });

  it('decodes the base64 after whsec_ per source, tolerating blanks and empty entries', () => {
    const { secrets, errors } = parseWebhookSecrets(` default = ${whsecFirst} ,, crm-eu_2=${whsecSecond},`);
    expect(errors).toEqual([]);
    expect([...secrets.keys()]).toEqual(['default', 'crm-eu_2']);
    expect(secrets.get('default')).toEqual([first]);
    expect(secrets.get('crm-eu_2')).toEqual([second]);
  });

  it('keeps every secret of a source listed several times (rotation), once each', () => {
    const { secrets, errors } = parseWebhookSecrets(`crm=${whsecFirst},crm=${whsecSecond},crm=${whsecFirst}`);
    expect(errors).toEqual([]);
    expect(secrets.get('crm')).toEqual([first, second]);
  });

  it('accepts unpadded base64, as some consoles print it', () => {
    const unpadded = formatWebhookSecret(Buffer.alloc(25, 3)).replace(/=+$/, '');
    expect(parseWebhookSecrets(`crm=${unpadded}`).secrets.get('crm')).toEqual([Buffer.alloc(25, 3)]);
  });

  it('names every bad entry by position and source, never echoing the secret', () => {
    const shortSecret = formatWebhookSecret(Buffer.alloc(16, 4));
    const rawBase64 = first.toString('base64');
    const value = [
      `ok=${whsecFirst}`,
      rawBase64, // a bare secret, no source: its `=` padding must not make it a "source name" in the message
      whsecFirst.replace(/=+$/, ''), // the same without padding
      `Bad Name=${whsecFirst}`,
      `crm=${rawBase64}`, // prefix forgotten
      `crm=whsec_not*base64!`,
      `crm=whsec_${rawBase64.slice(0, -2)}x`, // a typo Buffer.from would silently skip
      `crm=${shortSecret}`,
      `crm=whsec_`,
    ].join(',');
    const { secrets, errors } = parseWebhookSecrets(value);
    expect(errors).toEqual([
      'entry 2: the source name must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case letters, digits, _ and -)',
      'entry 3: expected source=whsec_<base64>',
      'entry 4: the source name must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case letters, digits, _ and -)',
      'entry 5 (source "crm"): the secret must start with whsec_ (Standard Webhooks format whsec_<base64>)',
      'entry 6 (source "crm"): the part after whsec_ is not valid base64',
      'entry 7 (source "crm"): the part after whsec_ is not valid base64',
      'entry 8 (source "crm"): the secret must decode to at least 24 bytes (got 16)',
      'entry 9 (source "crm"): the part after whsec_ is not valid base64',
    ]);
    for (const error of errors) {
      expect(error).not.toContain(rawBase64.slice(0, 12));
      expect(error).not.toContain(shortSecret.slice(6, 18));
    }
    expect([...secrets.keys()]).toEqual(['ok']);
  });

  it('rejects source names that are too long or start with a separator', () => {
    const { errors } = parseWebhookSecrets(`${'a'.repeat(65)}=${whsecFirst},-crm=${whsecFirst},=${whsecFirst}`);
    expect(errors).toHaveLength(3);
    errors.forEach((error, index) => expect(error).toMatch(new RegExp(`^entry ${index + 1}: the source name must match`)));
    expect(parseWebhookSecrets(`${'a'.repeat(64)}=${whsecFirst}`).errors).toEqual([]);
  });
});

describe('webhookSecretsVar', () => {
  const schema = z.object({ WEBHOOK_SECRETS: webhookSecretsVar });

  it('turns the variable into the map of secrets, empty when unset', () => {
    expect(schema.parse({}).WEBHOOK_SECRETS).toEqual(new Map());
    expect(schema.parse({ WEBHOOK_SECRETS: `crm=${whsecFirst}` }).WEBHOOK_SECRETS.get('crm')).toEqual([first]);
  });

  it('fails with one issue per bad entry, on the variable', () => {
    const parsed = schema.safeParse({ WEBHOOK_SECRETS: `crm=nope,ok=${whsecFirst},x` });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['WEBHOOK_SECRETS', 'entry 1 (source "crm"): the secret must start with whsec_ (Standard Webhooks format whsec_<base64>)'],
      ['WEBHOOK_SECRETS', 'entry 3: expected source=whsec_<base64>'],
    ]);
  });
});
