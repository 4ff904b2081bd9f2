import { hashQuery, hrefOf, parseRoute, withQuery } from './routes';

describe('parseRoute', () => {
  it('maps the empty hash and #/ to the overview', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/')).toEqual({ page: 'overview' });
  });

  it('maps each page and ignores trailing slashes and a query', () => {
    expect(parseRoute('#/leads/')).toEqual({ page: 'leaderboard' });
    expect(parseRoute('#/upload')).toEqual({ page: 'upload' });
    expect(parseRoute('#/rules?x=1')).toEqual({ page: 'rules' });
    expect(parseRoute('#/system')).toEqual({ page: 'system' });
    expect(parseRoute('#/triggers/')).toEqual({ page: 'triggers' });
  });

  it('decodes a lead id, which may be an email', () => {
    expect(parseRoute('#/leads/alice%40microsoft.com')).toEqual({ page: 'lead', leadId: 'alice@microsoft.com' });
  });

  it('maps the accounts and an account, whose name may hold any character', () => {
    expect(parseRoute('#/accounts?sort=-leads')).toEqual({ page: 'accounts' });
    expect(parseRoute('#/accounts/Marlow%2C%20Fitch%20%26%20Partners')).toEqual({ page: 'account', account: 'Marlow, Fitch & Partners' });
  });

  it('reports unknown and malformed paths', () => {
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: 'nope' });
    expect(parseRoute('#/leads/%E0%A4%A')).toEqual({ page: 'not-found', path: 'leads/%E0%A4%A' });
  });
});

describe('hash queries', () => {
  it('reads the query of a hash and writes one, leaving empty values out', () => {
    expect(hashQuery('#/leads?grade=A1&q=a%20b').get('q')).toBe('a b');
    expect(hashQuery('#/leads').toString()).toBe('');
    expect(withQuery('#/leads?stage=hot', { grade: 'B2', q: '', stage: null })).toBe('#/leads?grade=B2');
    expect(withQuery('#/leads?grade=A1', {})).toBe('#/leads');
  });
});

describe('hrefOf', () => {
  it('round-trips through parseRoute', () => {
    for (const route of [
      { page: 'overview' }, { page: 'leaderboard' }, { page: 'lead', leadId: 'a b@c.com' }, { page: 'rules' }, { page: 'triggers' },
      { page: 'accounts' }, { page: 'account', account: 'Granite & Gale / EU' },
    ] as const) {
      expect(parseRoute(hrefOf(route))).toEqual(route);
    }
  });
});
