import type { TriggerCondition } from '@lead-scoring/contracts';
import { Eye, LoaderCircle } from 'lucide-react';
import { useMemo } from 'react';
import { describeError } from '../api/describe-error';
import { useTriggerPreview } from '../hooks/queries';
import { useDebounced } from '../lib/useDebounced';
import { conditionOfForm, previewSentence, sameCondition, type TriggerForm } from './trigger-form';

/** Typing pauses this long before the preview asks the gateway. */
export const PREVIEW_DEBOUNCE_MS = 400;

/** Live: how many leads are past the form's line now (they get a suppressed delivery, not a webhook, on save). */
export function TriggerPreviewLine({ form, saved }: { form: TriggerForm; saved: TriggerCondition | null }) {
  const settled = useDebounced(form, PREVIEW_DEBOUNCE_MS);
  const condition = useMemo(() => {
    const result = conditionOfForm(settled);
    return result.ok ? result.condition : null;
  }, [settled]);
  const preview = useTriggerPreview(condition);
  const sameLine = condition !== null && saved !== null && sameCondition(condition, saved);

  let text: string;
  if (!condition) text = 'Complete the condition to see how many leads are past this line now.';
  else if (preview.data) text = previewSentence(preview.data, sameLine);
  else if (preview.isError) text = `The preview is not available: ${describeError(preview.error)}`;
  else text = 'Counting the leads past this line…';

  const busy = condition !== null && preview.isFetching;
  return (
    <p
      data-testid="trigger-preview"
      data-matching={preview.data && condition ? preview.data.matching : undefined}
      data-total={preview.data && condition ? preview.data.total : undefined}
      aria-live="polite"
      className="flex items-start gap-2 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700"
    >
      {busy ? (
        <LoaderCircle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-indigo-600 motion-safe:animate-spin" />
      ) : (
        <Eye aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-indigo-600" />
      )}
      <span>{text}</span>
    </p>
  );
}
