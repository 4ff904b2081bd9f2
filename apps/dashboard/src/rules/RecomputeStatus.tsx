import { ProgressBar } from '../components/ProgressBar';
import { useRecompute } from '../hooks/queries';

/** The re-score after a rule or settings change: running with its progress, or done for the current version. */
export function RecomputeStatus() {
  const recompute = useRecompute();
  const data = recompute.data;
  if (!data) return null;
  const running = data.state === 'running';
  return (
    <div data-testid="recompute-status" data-state={data.state} data-version={data.version} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-live="polite">
      <ProgressBar
        testId="recompute-progress"
        label={running ? `Re-scoring every lead with ruleset v${data.version}` : `Every lead is scored with ruleset v${data.version}`}
        value={data.total > 0 ? data.processed : running ? null : 1}
        max={data.total > 0 ? data.total : 1}
        tone={running ? 'indigo' : 'emerald'}
        detail={data.total > 0 ? `${data.processed} of ${data.total} leads` : running ? 'starting…' : 'done'}
      />
    </div>
  );
}
