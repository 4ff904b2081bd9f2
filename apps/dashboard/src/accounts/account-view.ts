import type { AccountSettings, AccountSummary, Stage } from '@lead-scoring/contracts';
import type { AccountSort } from '../api/query-keys';

export const ACCOUNT_SORT_LABELS: Readonly<Record<AccountSort, string>> = {
  '-score': 'Score, highest first',
  score: 'Score, lowest first',
  '-leads': 'Most leads first',
  account: 'Name A–Z',
};

/** How the account score is made, in words, from `settings.accounts`. */
export function strategySentence(accounts: AccountSettings | undefined): string {
  if (!accounts) return 'Scored from its leads’ engagement scores';
  switch (accounts.strategy) {
    case 'sum':
      return 'Score: the sum of its leads’ engagement scores';
    case 'max':
      return 'Score: its best lead’s engagement score';
    case 'top_n_average':
      return `Score: the average of its best ${accounts.n} lead${accounts.n === 1 ? '' : 's'}’ engagement scores`;
  }
}

/** The account's leads per stage, in the settings' stage order (stages the settings no longer have last), without zeros. */
export function stageCounts(stages: AccountSummary['stages'] | undefined, order: readonly Stage[] | undefined): { stage: string; count: number }[] {
  const entries = Object.entries(stages ?? {}).filter(([, count]) => count > 0);
  const rank = new Map((order ?? []).map((stage, index) => [stage.name, index]));
  return entries
    .sort(([a], [b]) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b))
    .map(([stage, count]) => ({ stage, count }));
}
