import { ApiError } from '../api/client';

/** The gateway's 400 details (`conditions.0.value`, `grades.fit.1.min`) keyed as the forms key their fields. */
export function detailsOf(error: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (error instanceof ApiError) for (const detail of error.details) errors[detail.field] ??= detail.message;
  return errors;
}
