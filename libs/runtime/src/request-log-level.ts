/**
 * The level of a request's log line, by its answer. At `info`, a line for every accepted event cost the gateway a
 * fifth more CPU per request at volume (docs/benchmarks.md, "The log level"), so answers below 400 are logged at
 * `debug`; client errors, which say what an integration sends wrong, at `info`; server errors and requests that
 * failed at `error`.
 */
export function requestLogLevel(statusCode: number, error?: unknown): 'debug' | 'info' | 'error' {
  if (error || statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'info' : 'debug';
}
