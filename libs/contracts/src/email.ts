// No control, format (zero-width, bidi), private-use or unassigned characters: they make look-alike addresses
// that are different leads, and break logs and CSV exports.
const PRINTABLE = /^[^\p{C}]+$/u;
const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
// Characters a URL would read as delimiters or escapes around a host, and a last label of digits (an IP address).
const NOT_A_DOMAIN = /[/?#:\\%[\]]|\.\d+$/;

export type EmailNormalization = { ok: true; email: string } | { ok: false; message: string };

/**
 * A domain in its ASCII form (IDNA, UTS #46 mapping, lower case: `MÜNCHEN.de` and `münchen.de`, composed or
 * not, are `xn--mnchen-3ya.de`), or undefined when it is not a domain name. The WHATWG URL parser does exactly
 * this for hosts, the same in Node and in browsers (this library is bundled into the dashboard too).
 */
function domainToAscii(domain: string): string | undefined {
  if (domain === '' || NOT_A_DOMAIN.test(domain)) return undefined;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The one form an email is stored, compared and keyed in, so that every spelling of an address is one lead:
 * - lower-cased;
 * - the local part in Unicode NFC (the composed `é`, whatever form the sender's keyboard produced);
 * - the domain in ASCII (punycode), so an IDN domain and its punycode spelling are the same.
 * A domain that IDNA refuses is kept lower-cased; validation (normalizeEmail) refuses it before it gets here.
 */
export function canonicalEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email.normalize('NFC').toLowerCase();
  const local = email.slice(0, at).normalize('NFC').toLowerCase();
  const domain = email.slice(at + 1);
  return `${local}@${domainToAscii(domain) ?? domain.normalize('NFC').toLowerCase()}`;
}

/** Validates an email as a client sent it (trimmed) and returns its canonical form (see canonicalEmail). */
export function normalizeEmail(raw: string): EmailNormalization {
  const email = raw.trim();
  if (!PRINTABLE.test(email)) return { ok: false, message: 'must not contain control or invisible formatting characters' };
  if (!EMAIL_SHAPE.test(email)) return { ok: false, message: 'must be an email' };
  if (domainToAscii(email.slice(email.lastIndexOf('@') + 1)) === undefined) return { ok: false, message: 'must have a valid domain name' };
  const canonical = canonicalEmail(email);
  // Mapping can change the shape (a full-width dot becomes a dot, a soft hyphen disappears): check the result too.
  if (!EMAIL_SHAPE.test(canonical)) return { ok: false, message: 'must be an email' };
  return { ok: true, email: canonical };
}
