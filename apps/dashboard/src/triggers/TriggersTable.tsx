import type { Trigger, TriggerWithSecret } from '@lead-scoring/contracts';
import { TABLE, TBODY, TH } from '../components/table-styles';
import { cx } from '../lib/cx';
import { TriggerRow } from './TriggerRow';

interface TriggersTableProps {
  triggers: readonly Trigger[];
  selectedId: string | null;
  onSelect(trigger: Trigger): void;
  onEdit(trigger: Trigger): void;
  onSecret(trigger: TriggerWithSecret): void;
}

export function TriggersTable({ triggers, selectedId, onSelect, onEdit, onSecret }: TriggersTableProps) {
  return (
    <div className="relative overflow-x-auto">
      <table data-testid="triggers-table" className={TABLE}>
        <caption className="sr-only">Triggers: the webhooks called when a lead crosses a line</caption>
        <thead>
          <tr>
            <th scope="col" className={TH}>
              Trigger
            </th>
            <th scope="col" className={TH}>
              When
            </th>
            <th scope="col" className={cx(TH, 'hidden md:table-cell')}>
              Destination
            </th>
            <th scope="col" className={cx(TH, 'hidden lg:table-cell')}>
              Format
            </th>
            <th scope="col" className={TH}>
              Active
            </th>
            <th scope="col" className={TH}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className={TBODY}>
          {triggers.map((trigger) => (
            <TriggerRow
              key={trigger.id}
              trigger={trigger}
              selected={trigger.id === selectedId}
              onSelect={() => onSelect(trigger)}
              onEdit={() => onEdit(trigger)}
              onSecret={onSecret}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
