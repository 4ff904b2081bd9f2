import type { Trigger, TriggerWithSecret } from '@lead-scoring/contracts';
import { useMutation } from '@tanstack/react-query';
import { KeyRound, List, Pencil, Send, Trash2 } from 'lucide-react';
import { useApiClients } from '../api/api-clients-context';
import { deleteTrigger, rotateTriggerSecret, testTrigger, updateTrigger } from '../api/triggers';
import { Button } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { Switch } from '../components/Switch';
import { TD } from '../components/table-styles';
import { cx } from '../lib/cx';
import { TestResultLine } from './TestResultLine';
import { describeTriggerCondition, TRIGGER_FORMAT_LABELS } from './trigger-form';
import { useTriggerChange } from './useTriggerChange';

interface TriggerRowProps {
  trigger: Trigger;
  selected: boolean;
  onSelect(): void;
  onEdit(): void;
  onSecret(trigger: TriggerWithSecret): void;
}

/** One trigger: what it watches, where it calls, and its actions; a test send's answer opens a line below it. */
export function TriggerRow({ trigger, selected, onSelect, onEdit, onSecret }: TriggerRowProps) {
  const { ingestion } = useApiClients();
  const toggle = useTriggerChange((active: boolean) => updateTrigger(ingestion, trigger.id, { active }));
  const remove = useTriggerChange(() => deleteTrigger(ingestion, trigger.id), { deliveries: true });
  const rotate = useTriggerChange(() => rotateTriggerSecret(ingestion, trigger.id));
  const test = useMutation({ mutationFn: () => testTrigger(ingestion, trigger.id) });
  const failure = toggle.error ?? remove.error ?? rotate.error ?? test.error;

  const onRotate = () => {
    if (window.confirm(`Rotate the signing secret of “${trigger.name}”? The old secret still signs deliveries for 24 hours.`)) {
      rotate.mutate(undefined, { onSuccess: onSecret });
    }
  };
  const onDelete = () => {
    if (window.confirm(`Delete the trigger “${trigger.name}”? No more webhooks are sent for it, and its pending deliveries fail.`)) remove.mutate(undefined);
  };

  return (
    <>
      <tr data-testid="trigger-row" data-trigger-id={trigger.id} data-trigger-name={trigger.name} data-active={trigger.active} className={cx(!trigger.active && 'text-slate-400', selected && 'bg-indigo-50/60')}>
        <th scope="row" className={cx(TD, 'text-left font-medium')}>
          {trigger.name}
        </th>
        <td data-testid="trigger-condition-text" className={TD}>
          {describeTriggerCondition(trigger.condition)}
        </td>
        <td className={cx(TD, 'hidden max-w-56 truncate font-mono text-xs md:table-cell')} title={trigger.url}>
          {trigger.url}
        </td>
        <td className={cx(TD, 'hidden text-xs lg:table-cell')} title={TRIGGER_FORMAT_LABELS[trigger.format]}>
          {trigger.format}
        </td>
        <td className={TD}>
          <Switch checked={trigger.active} label={`${trigger.name} active`} testId="trigger-active-toggle" disabled={toggle.isPending} onChange={(active) => toggle.mutate(active)} />
        </td>
        <td className={TD}>
          <div className="flex justify-end gap-1">
            <Button onClick={onSelect} aria-pressed={selected} data-testid="trigger-deliveries-button" className={cx('px-2', selected && 'ring-indigo-400')}>
              <List aria-hidden="true" className="size-4" /> <span className="hidden sm:inline">Deliveries</span>
            </Button>
            <Button onClick={() => test.mutate()} disabled={test.isPending} data-testid="trigger-test-button" className="px-2" aria-label={`Send a test to ${trigger.name}`}>
              <Send aria-hidden="true" className="size-4" /> <span className="hidden sm:inline">{test.isPending ? 'Sending…' : 'Test'}</span>
            </Button>
            <Button onClick={onEdit} aria-label={`Edit ${trigger.name}`} data-testid="trigger-edit-button" className="px-2">
              <Pencil aria-hidden="true" className="size-4" />
            </Button>
            <Button onClick={onRotate} disabled={rotate.isPending} aria-label={`Rotate the secret of ${trigger.name}`} data-testid="trigger-rotate-button" className="px-2">
              <KeyRound aria-hidden="true" className="size-4" />
            </Button>
            <Button onClick={onDelete} disabled={remove.isPending} aria-label={`Delete ${trigger.name}`} data-testid="trigger-delete-button" className="px-2 text-rose-700">
              <Trash2 aria-hidden="true" className="size-4" />
            </Button>
          </div>
        </td>
      </tr>
      {(test.data || failure) && (
        <tr data-testid="trigger-row-detail">
          <td colSpan={6} className={cx(TD, 'space-y-2 pt-0')} aria-live="polite">
            {test.data && <TestResultLine result={test.data} url={trigger.url} />}
            {failure && <ErrorAlert error={failure} />}
          </td>
        </tr>
      )}
    </>
  );
}
