import { useSettings } from '../hooks/queries';
import { cx } from '../lib/cx';
import { gradeLabels, type GradeTone, gradeTone } from '../lib/grades';
import { MISSING } from '../lib/format';

const TONE_CLASSES: Record<GradeTone, string> = {
  best: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25',
  middle: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  low: 'bg-slate-100 text-slate-700 ring-slate-500/25',
  unknown: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20',
};

/** A lead's grade (fit label + engagement label, e.g. A1), coloured by its fit band. */
export function GradeBadge({ grade, className }: { grade: string | null | undefined; className?: string }) {
  const settings = useSettings();
  if (!grade) return <span className="text-slate-400">{MISSING}</span>;
  const tone = gradeTone(grade, gradeLabels(settings.data?.grades).fit);
  return (
    <span
      data-testid="lead-grade"
      data-grade={grade}
      title={`Grade ${grade}: fit, then engagement`}
      className={cx('inline-flex min-w-8 items-center justify-center rounded-md px-1.5 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset', TONE_CLASSES[tone], className)}
    >
      {grade}
    </span>
  );
}
