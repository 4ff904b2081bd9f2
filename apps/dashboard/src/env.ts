import { type AppConfig, type DashboardEnv, resolveAppConfig } from './config';

interface RuntimeConfig {
  apiBaseUrl?: string;
  realtimeUrl?: string;
}

declare global {
  interface Window {
    /** Set by public/runtime-config.js, which a deployment may rewrite without rebuilding the bundle. */
    __LEAD_SCORING_CONFIG__?: RuntimeConfig;
  }
}

/**
 * The only reader of `import.meta.env` and of the runtime config: everything else gets its configuration passed
 * in, so it stays testable. Runtime values win over the build-time ones.
 */
export function loadAppConfig(): AppConfig {
  const runtime = window.__LEAD_SCORING_CONFIG__ ?? {};
  const env: DashboardEnv = {
    VITE_API_BASE_URL: runtime.apiBaseUrl || import.meta.env.VITE_API_BASE_URL,
    VITE_REALTIME_URL: runtime.realtimeUrl || import.meta.env.VITE_REALTIME_URL,
  };
  return resolveAppConfig(env);
}
