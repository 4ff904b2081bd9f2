// ISO-8601 date-time that carries its offset: a bare local time would be ambiguous across senders.
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Milliseconds since the epoch of an ISO-8601 date-time with an offset (`2026-01-10T11:33:22.553Z`,
 * `2026-01-10T12:33:22+01:00`), or undefined when it is not one or names an instant that does not exist.
 *
 * Date.parse is not enough: V8 accepts `2026-02-30` as 2 March and `24:00` as the next day, so a typo would be
 * stored as another date. Every field is checked against the calendar here (leap years included; no leap
 * seconds, which Date cannot represent); fractions beyond milliseconds are truncated.
 */
export function parseIsoDateTime(value: string): number | undefined {
  const match = ISO_WITH_OFFSET.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '0', zone, sign, offsetH = '0', offsetM = '0'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (!isCalendarDate(year, month, day) || !isClockTime(hour, minute, second)) return undefined;
  const offsetMinutes = zone === 'Z' ? 0 : Number(offsetH) * 60 + Number(offsetM);
  if (Number(offsetH) > 23 || Number(offsetM) > 59) return undefined;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return utc - (sign === '-' ? -offsetMinutes : offsetMinutes) * 60_000;
}

/** Whether `day` exists in `month` (1-12) of `year`: 2026-02-30 and 2026-13-01 do not. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A time of day as written in ISO-8601 without 24:00 or leap seconds (Date cannot represent them). */
export function isClockTime(hour: number, minute: number, second: number): boolean {
  return hour <= 23 && minute <= 59 && second <= 59;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; Date.UTC maps years 0-99 to 1900-1999, hence setUTCFullYear.
  const date = new Date(Date.UTC(2000, month, 0));
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
