import type { DeliveryStatus } from '@lead-scoring/contracts';
import { cx } from '../lib/cx';
import { STATUS_DESCRIPTIONS } from './delivery-view';

const TONES: Readonly<Record<DeliveryStatus, string>> = {
  pending: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  delivered: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  failed: 'bg-rose-50 text-rose-700 ring-rose-600/20',
  suppressed: 'bg-slate-100 text-slate-600 ring-slate-500/20',
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <span
      data-testid="delivery-status"
      title={STATUS_DESCRIPTIONS[status]}
      className={cx('inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset', TONES[status] ?? TONES.suppressed)}
    >
      {status}
    </span>
  );
}
