import type { Delivery } from '@lead-scoring/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { useApiClients } from '../api/api-clients-context';
import { describeError } from '../api/describe-error';
import { retryDelivery } from '../api/triggers';
import { Button } from '../components/Button';
import { TD } from '../components/table-styles';
import { cx } from '../lib/cx';
import { formatDateTime, formatRelativeTime } from '../lib/format';
import { hrefOf } from '../routing/routes';
import { AttemptList } from './AttemptList';
import { leadText, nextAttemptText, scoreChange } from './delivery-view';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';

/** One delivery; its attempts open below it. A failed one can be sent again. */
export function DeliveryRow({ delivery, now }: { delivery: Delivery; now: number }) {
  const { ingestion } = useApiClients();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const retry = useMutation({
    mutationFn: () => retryDelivery(ingestion, delivery.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['deliveries'] }),
  });
  const attemptsId = `attempts-${delivery.id}`;
  return (
    <>
      <tr data-testid="delivery-row" data-delivery-id={delivery.id} data-status={delivery.status} data-lead-id={delivery.lead_id} data-firing={delivery.firing.n}>
        <td className={TD}>
          <DeliveryStatusBadge status={delivery.status} />
        </td>
        <td className={TD}>
          <a href={hrefOf({ page: 'lead', leadId: delivery.lead_id })} data-testid="delivery-lead-link" className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
            {leadText(delivery)}
          </a>
        </td>
        <td className={cx(TD, 'text-right tabular-nums')}>#{delivery.firing.n}</td>
        <td data-testid="delivery-score" className={cx(TD, 'whitespace-nowrap tabular-nums')}>
          {scoreChange(delivery.firing)}
        </td>
        <td className={cx(TD, 'hidden whitespace-nowrap text-slate-600 md:table-cell')} title={formatDateTime(delivery.created_at)}>
          {formatRelativeTime(delivery.created_at, now)}
        </td>
        <td className={TD}>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={attemptsId}
            data-testid="delivery-attempts-toggle"
            onClick={() => setOpen((current) => !current)}
            className="inline-flex items-center gap-1 rounded text-indigo-700 tabular-nums focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            {open ? <ChevronDown aria-hidden="true" className="size-4" /> : <ChevronRight aria-hidden="true" className="size-4" />}
            {delivery.attempts.length}
            <span className="sr-only"> attempts</span>
          </button>
        </td>
        <td className={cx(TD, 'hidden whitespace-nowrap text-slate-600 sm:table-cell')} title={formatDateTime(delivery.next_attempt_at)}>
          {nextAttemptText(delivery, now)}
        </td>
        <td className={cx(TD, 'text-right')}>
          {delivery.status === 'failed' && (
            <Button onClick={() => retry.mutate()} disabled={retry.isPending} data-testid="delivery-retry-button" className="px-2 py-1">
              <RotateCcw aria-hidden="true" className="size-4" /> {retry.isPending ? 'Retrying…' : 'Retry'}
            </Button>
          )}
          {retry.isError && (
            <p role="alert" className="mt-1 text-xs text-rose-700">
              {describeError(retry.error)}
            </p>
          )}
        </td>
      </tr>
      {open && (
        <tr id={attemptsId} data-testid="delivery-attempts-row">
          <td colSpan={8} className={cx(TD, 'bg-slate-50')}>
            <AttemptList attempts={delivery.attempts} />
          </td>
        </tr>
      )}
    </>
  );
}
