import { domainToASCII, domainToUnicode } from 'node:url';

// No control, format (zero-width, bidi), private-use or unassigned characters: they make look-alike addresses
// that are different leads, and break logs and CSV exports.
const PRINTABLE = /^[^\p{C}]+$/u;
const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export type EmailNormalization = { ok: true; email: string } | { ok: false; message: string };

/**
 * The one form an email is stored, compared and keyed in, so that every spelling of an address is one lead:
 * - lower-cased;
 * - the local part in Unicode NFC (the composed `é`, whatever form the sender's keyboard produced);
 * - the domain in its canonical Unicode form: UTS #46 mapping (what browsers do), so `MÜNCHEN.de`,
 *   `münchen.de` (NFC or NFD) and its punycode `xn--mnchen-3ya.de` are all `münchen.de`.
 * A domain that UTS #46 refuses (an invalid punycode label, a space) is returned lower-cased; validation
 * (normalizeEmail) refuses it before it gets here.
 */
export function canonicalEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email.normalize('NFC').toLowerCase();
  const local = email.slice(0, at).normalize('NFC').toLowerCase();
  const domain = email.slice(at + 1);
  const ascii = domainToASCII(domain);
  return `${local}@${ascii === '' ? domain.normalize('NFC').toLowerCase() : domainToUnicode(ascii)}`;
}

/** Validates an email as a client sent it (trimmed) and returns its canonical form (see canonicalEmail). */
export function normalizeEmail(raw: string): EmailNormalization {
  const email = raw.trim();
  if (!PRINTABLE.test(email)) return { ok: false, message: 'must not contain control or invisible formatting characters' };
  if (!EMAIL_SHAPE.test(email)) return { ok: false, message: 'must be an email' };
  if (domainToASCII(email.slice(email.lastIndexOf('@') + 1)) === '') return { ok: false, message: 'must have a valid domain name' };
  const canonical = canonicalEmail(email);
  // Mapping can change the shape (a full-width dot becomes a dot, a soft hyphen disappears): check the result too.
  if (!EMAIL_SHAPE.test(canonical)) return { ok: false, message: 'must be an email' };
  return { ok: true, email: canonical };
}
