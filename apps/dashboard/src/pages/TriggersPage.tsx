import type { Trigger, TriggerWithSecret } from '@lead-scoring/contracts';
import { Plus, Webhook } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../components/Button';
import { Card, PageHeader } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState, StaleWarning } from '../components/States';
import { useTriggers } from '../hooks/queries';
import { DeliveriesPanel } from '../triggers/DeliveriesPanel';
import { SecretNotice } from '../triggers/SecretNotice';
import { TriggerEditor } from '../triggers/TriggerEditor';
import { TriggersTable } from '../triggers/TriggersTable';

/** Outbound webhooks when a lead crosses a line: the list, the editor, the one-time secret and the deliveries. */
export default function TriggersPage() {
  const triggers = useTriggers();
  const [editing, setEditing] = useState<Trigger | 'new' | null>(null);
  const [secret, setSecret] = useState<{ trigger: TriggerWithSecret; rotated: boolean } | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = triggers.data?.items.find((trigger) => trigger.id === selectedId) ?? null;

  return (
    <section aria-labelledby="triggers-title" className="space-y-5">
      <PageHeader
        titleId="triggers-title"
        icon={Webhook}
        title="Triggers"
        subtitle="Call a webhook when a lead crosses a line: a score reached or lost, a stage entered or left"
        actions={
          <Button variant="primary" onClick={() => setEditing('new')} data-testid="trigger-new-button">
            <Plus aria-hidden="true" className="size-4" /> New trigger
          </Button>
        }
      />
      {secret && <SecretNotice trigger={secret.trigger} rotated={secret.rotated} onDismiss={() => setSecret(null)} />}
      {editing && (
        <TriggerEditor
          key={editing === 'new' ? 'new' : editing.id}
          trigger={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(created) => {
            setSecret({ trigger: created, rotated: false });
            setSelectedId(created.id);
          }}
        />
      )}
      <Card title="Triggers">
        {triggers.isError && triggers.data && <StaleWarning what="triggers" error={triggers.error} />}
        {triggers.isPending ? (
          <LoadingState label="Loading the triggers…" compact />
        ) : !triggers.data ? (
          <ErrorState title="The triggers could not be loaded" error={triggers.error} onRetry={() => void triggers.refetch()} compact />
        ) : triggers.data.items.length === 0 ? (
          <EmptyState title="No triggers yet" compact>
            Create one to have a URL called, with a signed payload, whenever a lead crosses a line.
          </EmptyState>
        ) : (
          <TriggersTable
            triggers={triggers.data.items}
            selectedId={selected?.id ?? null}
            onSelect={(trigger) => setSelectedId((current) => (current === trigger.id ? null : trigger.id))}
            onEdit={setEditing}
            onSecret={(rotated) => setSecret({ trigger: rotated, rotated: true })}
          />
        )}
      </Card>
      {selected && <DeliveriesPanel key={selected.id} trigger={selected} onClose={() => setSelectedId(null)} />}
    </section>
  );
}
