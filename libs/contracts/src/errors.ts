/** One problem with the caller's input, named by its dotted path (`metadata.email`). */
export interface ErrorDetail {
  field: string;
  message: string;
}

/** The body of every error answer, whatever the service (SPEC.md). */
export interface ErrorBody {
  error: string;
  message: string;
  details?: ErrorDetail[];
}
