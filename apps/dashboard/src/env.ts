import { type AppConfig, resolveAppConfig } from './config';

/** The only reader of `import.meta.env`: everything else gets its configuration passed in, so it stays testable. */
export function loadAppConfig(): AppConfig {
  return resolveAppConfig(import.meta.env);
}
