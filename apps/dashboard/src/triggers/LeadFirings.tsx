import { useMemo } from 'react';
import { Card } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { TABLE, TBODY, TD } from '../components/table-styles';
import { TableHead } from '../components/TableHead';
import { useLeadFirings, useTriggers } from '../hooks/queries';
import { cx } from '../lib/cx';
import { formatDateTime } from '../lib/format';
import { scoreChange, triggerNameOf, triggerNames } from './delivery-view';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';

/** The lead detail's "Trigger firings": every trigger this lead crossed, newest first. */
export function LeadFirings({ leadId }: { leadId: string }) {
  const firings = useLeadFirings(leadId);
  const triggers = useTriggers();
  const names = useMemo(() => triggerNames(triggers.data?.items), [triggers.data]);
  return (
    <Card title={`Trigger firings${firings.data ? ` (${firings.data.items.length})` : ''}`} testId="lead-firings">
      {firings.isPending ? (
        <LoadingState label="Loading the firings…" compact />
      ) : !firings.data ? (
        <ErrorState title="The firings could not be loaded" error={firings.error} onRetry={() => void firings.refetch()} compact />
      ) : firings.data.items.length === 0 ? (
        <EmptyState title="No trigger has fired for this lead" compact />
      ) : (
        <div className="relative overflow-x-auto">
          <table data-testid="firings-table" className={TABLE}>
            <caption className="sr-only">Every trigger firing of this lead, newest first</caption>
            <TableHead columns={[
              { label: 'Event time' },
              { label: 'Trigger' },
              { label: 'Firing', className: 'text-right' },
              { label: 'Score' },
              { label: 'Status' },
            ]} />
            <tbody className={TBODY}>
              {firings.data.items.map((delivery) => (
                <tr key={delivery.id} data-testid="firing-row" data-trigger-id={delivery.trigger_id} data-status={delivery.status} data-firing={delivery.firing.n}>
                  <td className={cx(TD, 'whitespace-nowrap text-slate-600')}>
                    <time dateTime={delivery.firing.timestamp}>{formatDateTime(delivery.firing.timestamp)}</time>
                  </td>
                  <td data-testid="firing-trigger" className={cx(TD, 'font-medium text-slate-900')}>
                    <a href="#/triggers" className="hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                      {triggerNameOf(names, delivery.trigger_id)}
                    </a>
                  </td>
                  <td className={cx(TD, 'text-right tabular-nums')}>#{delivery.firing.n}</td>
                  <td className={cx(TD, 'whitespace-nowrap tabular-nums')}>{scoreChange(delivery.firing)}</td>
                  <td className={TD}>
                    <DeliveryStatusBadge status={delivery.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
