import { hrefOf, parseRoute } from './routes';

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

  it('reports unknown and malformed paths', () => {
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: 'nope' });
    expect(parseRoute('#/leads/%E0%A4%A')).toEqual({ page: 'not-found', path: 'leads/%E0%A4%A' });
  });
});

describe('hrefOf', () => {
  it('round-trips through parseRoute', () => {
    for (const route of [{ page: 'overview' }, { page: 'leaderboard' }, { page: 'lead', leadId: 'a b@c.com' }, { page: 'rules' }, { page: 'triggers' }] as const) {
      expect(parseRoute(hrefOf(route))).toEqual(route);
    }
  });
});
