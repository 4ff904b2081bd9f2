import { DEFAULT_FILTERS, filtersOfQuery, FIRST_PAGE, leadListHref, listParams, nextPage, previousPage, queryOfFilters, rangeLabel, rankOf } from './lead-list-state';

describe('cursor pager', () => {
  it('walks forward and back, keeping the cursors it saw', () => {
    const second = nextPage(FIRST_PAGE, 'c1');
    const third = nextPage(second, 'c2');
    expect(third).toEqual({ cursors: [null, 'c1', 'c2'], page: 2 });
    expect(previousPage(third)).toEqual({ cursors: [null, 'c1', 'c2'], page: 1 });
    expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
  });

  it('does not move past the last page and forgets cursors beyond a page revisited', () => {
    expect(nextPage(FIRST_PAGE, null)).toBe(FIRST_PAGE);
    const back = previousPage({ cursors: [null, 'c1', 'c2'], page: 2 });
    expect(nextPage(back, 'c2b')).toEqual({ cursors: [null, 'c1', 'c2b'], page: 2 });
  });

  it('builds the query of the current page, trimming the search', () => {
    expect(listParams({ ...DEFAULT_FILTERS, q: '  acme ' }, { cursors: [null, 'c1'], page: 1 })).toEqual({
      sort: '-score', stage: '', company: '', grade: '', q: 'acme', limit: 25, cursor: 'c1',
    });
  });

  it('keeps the filters in the URL query, only those set, and reads them back', () => {
    const filters = { ...DEFAULT_FILTERS, grade: 'A1', stage: 'hot', sort: 'name' as const, limit: 50 };
    expect(queryOfFilters(filters)).toEqual({ grade: 'A1', stage: 'hot', sort: 'name', limit: '50' });
    expect(filtersOfQuery(new URLSearchParams(queryOfFilters(filters)))).toEqual(filters);
    expect(queryOfFilters(DEFAULT_FILTERS)).toEqual({});
    expect(leadListHref({ grade: 'B2' })).toBe('#/leads?grade=B2');
    expect(leadListHref({})).toBe('#/leads');
  });

  it('ignores unknown sorts and page sizes in the URL', () => {
    expect(filtersOfQuery(new URLSearchParams('sort=nope&limit=7&grade=C3'))).toEqual({ ...DEFAULT_FILTERS, grade: 'C3' });
  });

  it('numbers rows across pages', () => {
    expect(rankOf({ cursors: [null, 'c'], page: 1 }, 25, 0)).toBe(26);
    expect(rangeLabel({ cursors: [null, 'c'], page: 1 }, 25, 10, 35)).toBe('26–35 of 35');
    expect(rangeLabel(FIRST_PAGE, 25, 0, 0)).toBe('0 of 0');
  });
});
