/**
 * Hash routes (`#/leads/ld_1`): a static host serves the one index.html for every screen without any rewrite
 * rule, and a reload or a shared link lands on the same screen.
 */
export type Route =
  | { page: 'overview' }
  | { page: 'leaderboard' }
  | { page: 'lead'; leadId: string }
  | { page: 'upload' }
  | { page: 'rules' }
  | { page: 'triggers' }
  | { page: 'system' }
  | { page: 'not-found'; path: string };

export type PageName = Route['page'];

const STATIC_PAGES: Readonly<Record<string, Route>> = {
  '': { page: 'overview' },
  leads: { page: 'leaderboard' },
  upload: { page: 'upload' },
  rules: { page: 'rules' },
  triggers: { page: 'triggers' },
  system: { page: 'system' },
};

/** Parses `location.hash` (with or without the leading `#`). */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '').split('?')[0];
  const known = STATIC_PAGES[path];
  if (known) return known;
  const lead = /^leads\/([^/]+)$/.exec(path);
  if (lead) {
    try {
      return { page: 'lead', leadId: decodeURIComponent(lead[1]) };
    } catch {
      return { page: 'not-found', path };
    }
  }
  return { page: 'not-found', path };
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
    default:
      return `#/${route.page}`;
  }
}
