import type { Trigger, TriggerWithSecret } from '@lead-scoring/contracts';
import { TABLE, TBODY } from '../components/table-styles';
import { TableHead } from '../components/TableHead';
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
        <TableHead columns={[
          { label: 'Trigger' },
          { label: 'When' },
          { label: 'Destination', className: 'hidden md:table-cell' },
          { label: 'Format', className: 'hidden lg:table-cell' },
          { label: 'Active' },
          { label: <span className="sr-only">Actions</span> },
        ]} />
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
