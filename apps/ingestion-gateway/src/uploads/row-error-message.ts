/**
 * One line for an upload's `errors[].message` (SPEC.md) from validation details:
 * `metadata.email: must be an email; event_type: is required`.
 */
export function rowErrorMessage(details: ReadonlyArray<{ field: string; message: string }>): string {
  return details.map(({ field, message }) => `${field}: ${message}`).join('; ');
}
