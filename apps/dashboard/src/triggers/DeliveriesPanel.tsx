import type { DeliveryStatus, Trigger } from '@lead-scoring/contracts';
import { X } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../components/Button';
import { Card } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState, StaleWarning } from '../components/States';
import { TABLE, TBODY } from '../components/table-styles';
import { TableColumn, TableHead } from '../components/TableHead';
import { useTriggerDeliveries } from '../hooks/queries';
import { useNow } from '../lib/useNow';
import { DeliveryRow } from './DeliveryRow';
import { DeliveryStatusTabs } from './DeliveryStatusTabs';
import { STATUS_DESCRIPTIONS } from './delivery-view';

const COLUMNS: readonly TableColumn[] = [
  { label: 'Status' },
  { label: 'Lead' },
  { label: 'Firing', className: 'text-right' },
  { label: 'Score' },
  { label: 'Found', className: 'hidden md:table-cell' },
  { label: 'Attempts' },
  { label: 'Next attempt', className: 'hidden sm:table-cell' },
  { label: <span className="sr-only">Actions</span> },
];

/** A trigger's deliveries, newest first, filtered by status; updated live by `delivery.updated`. */
export function DeliveriesPanel({ trigger, onClose }: { trigger: Trigger; onClose(): void }) {
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const deliveries = useTriggerDeliveries(trigger.id, status);
  const now = useNow();
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  const listId = `deliveries-${trigger.id}`;
  return (
    <Card
      title={`Deliveries of “${trigger.name}”`}
      testId="deliveries-panel"
      actions={
        <Button onClick={onClose} aria-label="Close the deliveries" className="px-2">
          <X aria-hidden="true" className="size-4" />
        </Button>
      }
    >
      <div className="space-y-3">
        <DeliveryStatusTabs status={status} onChange={setStatus} controls={listId} />
        {status && <p className="text-xs text-slate-500">{STATUS_DESCRIPTIONS[status]}.</p>}
        {deliveries.isError && deliveries.data && <StaleWarning what="deliveries" error={deliveries.error} />}
        <div id={listId} role="tabpanel" data-status={status ?? 'all'}>
          {deliveries.isPending ? (
            <LoadingState label="Loading the deliveries…" compact />
          ) : !deliveries.data ? (
            <ErrorState title="The deliveries could not be loaded" error={deliveries.error} onRetry={() => void deliveries.refetch()} compact />
          ) : items.length === 0 ? (
            <EmptyState title={status ? `No ${status} deliveries` : 'No deliveries yet'} compact>
              A delivery appears when a lead crosses this trigger’s line.
            </EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <table data-testid="deliveries-table" className={TABLE}>
                <caption className="sr-only">Deliveries of {trigger.name}, newest first</caption>
                <TableHead columns={COLUMNS} />
                <tbody className={TBODY}>
                  {items.map((delivery) => (
                    <DeliveryRow key={delivery.id} delivery={delivery} now={now} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        {deliveries.hasNextPage && (
          <Button onClick={() => void deliveries.fetchNextPage()} disabled={deliveries.isFetchingNextPage} data-testid="deliveries-more-button">
            {deliveries.isFetchingNextPage ? 'Loading…' : 'Load older deliveries'}
          </Button>
        )}
      </div>
    </Card>
  );
}
