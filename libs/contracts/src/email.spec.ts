import { canonicalEmail, normalizeEmail } from './email';
import { validateEvent } from './event-validation';

const emailOf = (email: string) => {
  const result = validateEvent({ event_type: 'X', metadata: { email } });
  return result.ok ? result.event.email : result.details;
};

describe('email normalisation', () => {
  it('gives every spelling of an address one form: NFC local part, lower case, punycode domain', () => {
    const composed = 'jos\u00e9@m\u00fcnchen.de';
    const spellings = [composed, composed.normalize('NFD'), 'JOS\u00c9@M\u00dcNCHEN.DE', 'jos\u00e9@xn--mnchen-3ya.de', 'jos\u00e9@XN--MNCHEN-3YA.DE', ' jos\u00e9@m\u00fcnchen.de ', 'jos\u00e9@\uff4d\u00fcnchen.de'];
    for (const spelling of spellings) expect(emailOf(spelling)).toBe('jos\u00e9@xn--mnchen-3ya.de');
    expect(new Set(spellings.map((spelling) => canonicalEmail(spelling.trim()))).size).toBe(1);
  });

  it('keeps plain ASCII addresses as they were (lower-cased)', () => {
    expect(emailOf('Alice@Microsoft.com')).toBe('alice@microsoft.com');
  });

  it.each([
    ['a NUL', 'a\u0000b@example.com'],
    ['a bell', 'a\u0007b@example.com'],
    ['an escape', 'a\u001bb@example.com'],
    ['a DEL', 'a\u007fb@example.com'],
    ['a zero-width joiner', 'a\u200db@example.com'],
    ['a right-to-left override', 'a\u202eb@example.com'],
    ['a line separator', 'a\u2028b@example.com'],
    ['an invalid punycode label', 'a@xn--zz.com'],
    ['no domain dot', 'a@localhost'],
    ['an IP address for a domain', 'a@10.0.0.1'],
    ['a percent escape in the domain', 'a@ex%41mple.com'],
    ['a character no host may hold', 'a@exa<mple.com'],
  ])('refuses an email with %s, naming metadata.email', (_name, email) => {
    expect(normalizeEmail(email).ok).toBe(false);
    expect(emailOf(email)).toEqual([expect.objectContaining({ field: 'metadata.email' })]);
  });
});
