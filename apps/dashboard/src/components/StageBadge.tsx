import { cx } from '../lib/cx';
import { type StageTone, stageTone } from '../lib/stage-tone';

const TONE_CLASSES: Record<StageTone, string> = {
  cold: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  warm: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  hot: 'bg-rose-50 text-rose-700 ring-rose-600/20',
  qualified: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  other: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20',
};

export function StageBadge({ stage }: { stage: string }) {
  return (
    <span
      data-testid="lead-stage"
      className={cx(
        'inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium capitalize ring-1 ring-inset',
        TONE_CLASSES[stageTone(stage)],
      )}
    >
      {stage}
    </span>
  );
}
