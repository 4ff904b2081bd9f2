export interface AppConfig {
  /** ingestion-gateway: every write (events, uploads, rules, settings). */
  apiBaseUrl: string;
  /** realtime-gateway: the dashboard's reads (REST) and live push (Socket.io). */
  realtimeUrl: string;
}

/** The build-time variables the dashboard reads (Vite exposes only `VITE_*` ones to the browser). */
export interface DashboardEnv {
  VITE_API_BASE_URL?: string;
  VITE_REALTIME_URL?: string;
}

export const DEFAULT_API_BASE_URL = 'http://127.0.0.1:7777';
export const DEFAULT_REALTIME_URL = 'http://127.0.0.1:7778';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Resolves and validates the gateway URLs; throws a ConfigError naming the bad variable. */
export function resolveAppConfig(env: DashboardEnv): AppConfig {
  return {
    apiBaseUrl: baseUrl('VITE_API_BASE_URL', env.VITE_API_BASE_URL, DEFAULT_API_BASE_URL),
    realtimeUrl: baseUrl('VITE_REALTIME_URL', env.VITE_REALTIME_URL, DEFAULT_REALTIME_URL),
  };
}

function baseUrl(name: string, value: string | undefined, fallback: string): string {
  const raw = value?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL such as ${fallback}, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must use http or https, got "${raw}"`);
  }
  if (url.search || url.hash) {
    throw new ConfigError(`${name} must not carry a query string or fragment, got "${raw}"`);
  }
  // API paths are appended to the base, so a trailing slash would double up.
  return raw.replace(/\/+$/, '');
}
