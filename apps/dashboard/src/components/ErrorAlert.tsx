import { describeError } from '../api/describe-error';

/** A failed action's message, inline (a failed load uses ErrorState instead). */
export function ErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  return (
    <p role="alert" data-testid={testId} className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {describeError(error)}
    </p>
  );
}
