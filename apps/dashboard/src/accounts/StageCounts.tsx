import type { AccountSummary } from '@lead-scoring/contracts';
import { StageBadge } from '../components/StageBadge';
import { useSettings } from '../hooks/queries';
import { stageCounts } from './account-view';

/** "cold 3 · hot 1": an account's leads per stage. */
export function StageCounts({ stages }: { stages: AccountSummary['stages'] }) {
  const settings = useSettings();
  const counts = stageCounts(stages, settings.data?.stages);
  if (counts.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1" data-testid="account-stages">
      {counts.map(({ stage, count }) => (
        <li key={stage} className="flex items-center gap-1 text-xs" data-stage={stage}>
          <StageBadge stage={stage} />
          <span className="font-semibold tabular-nums text-slate-800" data-testid="account-stage-count">
            {count}
          </span>
        </li>
      ))}
    </ul>
  );
}
