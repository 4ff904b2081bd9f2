import { cx } from '../lib/cx';

interface ProgressBarProps {
  label: string;
  /** Null: indeterminate (the total is not known yet). */
  value: number | null;
  max: number;
  detail?: string;
  tone?: 'indigo' | 'emerald' | 'rose';
  testId?: string;
}

const TONES = { indigo: 'bg-indigo-600', emerald: 'bg-emerald-600', rose: 'bg-rose-600' };

export function ProgressBar({ label, value, max, detail, tone = 'indigo', testId }: ProgressBarProps) {
  const percent = value === null || max <= 0 ? null : Math.max(0, Math.min(100, (value / max) * 100));
  return (
    <div data-testid={testId} data-percent={percent === null ? undefined : Math.round(percent)}>
      <div className="mb-1 flex justify-between gap-2 text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="tabular-nums text-slate-600">{detail ?? (percent === null ? '…' : `${Math.round(percent)}%`)}</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent === null ? undefined : Math.round(percent)}
        className="h-2.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={cx('h-full rounded-full motion-safe:transition-[width] motion-safe:duration-300', TONES[tone], percent === null && 'w-1/3 motion-safe:animate-pulse')}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
