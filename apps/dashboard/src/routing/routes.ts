/**
 * Hash routes (`#/leads/ld_1`): a static host serves the one index.html for every screen without any rewrite
 * rule, and a reload or a shared link lands on the same screen.
 */
export type Route =
  | { page: 'overview' }
  | { page: 'leaderboard' }
  | { page: 'lead'; leadId: string }
  | { page: 'accounts' }
  | { page: 'account'; account: string }
  | { page: 'upload' }
  | { page: 'rules' }
  | { page: 'triggers' }
  | { page: 'system' }
  | { page: 'not-found'; path: string };

export type PageName = Route['page'];

const STATIC_PAGES: Readonly<Record<string, Route>> = {
  '': { page: 'overview' },
  leads: { page: 'leaderboard' },
  accounts: { page: 'accounts' },
  upload: { page: 'upload' },
  rules: { page: 'rules' },
  triggers: { page: 'triggers' },
  system: { page: 'system' },
};

/** Parses `location.hash` (with or without the leading `#`); a query (`#/leads?grade=A1`) is the page's own state. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '').split('?')[0];
  const known = STATIC_PAGES[path];
  if (known) return known;
  const detail = /^(leads|accounts)\/([^/]+)$/.exec(path);
  if (detail) {
    try {
      const id = decodeURIComponent(detail[2]);
      return detail[1] === 'leads' ? { page: 'lead', leadId: id } : { page: 'account', account: id };
    } catch {
      return { page: 'not-found', path };
    }
  }
  return { page: 'not-found', path };
}

/** The query part of a hash (`#/leads?grade=A1` gives grade=A1). */
export function hashQuery(hash: string): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** `href` with `query` as its hash query; empty values are left out, and no `?` at all when nothing is left. */
export function withQuery(href: string, query: Readonly<Record<string, string | number | null | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  const path = href.split('?')[0];
  return text ? `${path}?${text}` : path;
}

/** The href of a route, for links. */
export function hrefOf(route: Exclude<Route, { page: 'not-found' }>): string {
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'leaderboard':
      return '#/leads';
    case 'lead':
      return `#/leads/${encodeURIComponent(route.leadId)}`;
    case 'account':
      return `#/accounts/${encodeURIComponent(route.account)}`;
    default:
      return `#/${route.page}`;
  }
}
