import type { RuleKind, ScoringRule } from '@lead-scoring/contracts';
import { Plus, SlidersHorizontal } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../components/Button';
import { Card, PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useRules } from '../hooks/queries';
import { RecomputeStatus } from '../rules/RecomputeStatus';
import { RuleEditor } from '../rules/RuleEditor';
import { RulesTable } from '../rules/RulesTable';
import { SettingsCard } from '../rules/SettingsCard';

type Editing = ScoringRule | { new: RuleKind } | null;

/** Engagement and fit rules, the editor, the recompute after each change, and the scoring settings. */
export default function RulesPage() {
  const rules = useRules();
  const [editing, setEditing] = useState<Editing>(null);
  const items = rules.data?.items ?? [];
  const byKind = (kind: RuleKind) => items.filter((rule) => (rule.kind ?? 'engagement') === kind);
  const isNew = editing !== null && 'new' in editing;
  return (
    <section aria-labelledby="rules-title" className="space-y-5">
      <PageHeader
        titleId="rules-title"
        icon={SlidersHorizontal}
        title="Rules and settings"
        subtitle={rules.data ? `Ruleset v${rules.data.ruleset_version} · every change re-scores every lead` : 'What each event is worth, and who is a good fit'}
        actions={
          <>
            <Button onClick={() => setEditing({ new: 'fit' })} data-testid="fit-rule-new-button">
              <Plus aria-hidden="true" className="size-4" /> New fit rule
            </Button>
            <Button variant="primary" onClick={() => setEditing({ new: 'engagement' })} data-testid="rule-new-button">
              <Plus aria-hidden="true" className="size-4" /> New rule
            </Button>
          </>
        }
      />
      <RecomputeStatus />
      {editing && (
        <RuleEditor
          key={isNew ? `new-${editing.new}` : editing.id}
          rule={isNew ? null : editing}
          initialKind={isNew ? editing.new : undefined}
          onClose={() => setEditing(null)}
        />
      )}
      {rules.isPending ? (
        <LoadingState label="Loading the rules…" compact />
      ) : !rules.data ? (
        <ErrorState title="The rules could not be loaded" error={rules.error} onRetry={() => void rules.refetch()} compact />
      ) : (
        <>
          <Card title="Engagement rules: points for what a lead does" testId="engagement-rules-card">
            {byKind('engagement').length === 0 ? (
              <EmptyState title="No engagement rules: every event scores 0" compact />
            ) : (
              <RulesTable kind="engagement" rules={byKind('engagement')} onEdit={setEditing} />
            )}
          </Card>
          <Card title="Fit rules: points for who a lead is" testId="fit-rules-card">
            {byKind('fit').length === 0 ? (
              <EmptyState title="No fit rules: every lead's fit is 0" compact>
                Fit rules read the lead's traits (set by <code className="rounded bg-slate-100 px-1 text-xs">POST /api/identify</code> or any event's metadata).
              </EmptyState>
            ) : (
              <RulesTable kind="fit" rules={byKind('fit')} onEdit={setEditing} />
            )}
          </Card>
        </>
      )}
      <SettingsCard />
    </section>
  );
}
