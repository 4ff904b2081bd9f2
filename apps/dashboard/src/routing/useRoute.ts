import { useMemo, useSyncExternalStore } from 'react';
import { hashQuery, parseRoute, type Route, withQuery } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

/** The route of the current hash; re-renders on navigation. */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash));
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}

/** The current hash's query (a page's state in the URL, e.g. the lead list's filters); re-renders when it changes. */
export function useHashQuery(): URLSearchParams {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return useMemo(() => hashQuery(hash), [hash]);
}

/**
 * Replaces the current hash's query without a new history entry (typing in a filter must not fill the back
 * button), and tells the router, since replaceState fires no hashchange of its own.
 */
export function replaceHashQuery(query: Readonly<Record<string, string | number | null | undefined>>): void {
  const current = window.location.hash || '#/';
  const next = withQuery(current, query);
  if (next === current) return;
  const oldURL = window.location.href;
  window.history.replaceState(window.history.state, '', next);
  window.dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: window.location.href }));
}
