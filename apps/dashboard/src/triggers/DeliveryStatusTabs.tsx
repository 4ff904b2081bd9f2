import type { DeliveryStatus } from '@lead-scoring/contracts';
import { cx } from '../lib/cx';
import { DELIVERY_TABS } from './delivery-view';

interface DeliveryStatusTabsProps {
  status: DeliveryStatus | null;
  onChange(status: DeliveryStatus | null): void;
  /** The id of the list the tabs filter. */
  controls: string;
}

/** All, pending, delivered, failed, suppressed. */
export function DeliveryStatusTabs({ status, onChange, controls }: DeliveryStatusTabsProps) {
  return (
    <div role="tablist" aria-label="Delivery status" className="flex flex-wrap gap-1">
      {DELIVERY_TABS.map((tab) => {
        const current = tab.status === status;
        return (
          <button
            key={tab.label}
            type="button"
            role="tab"
            aria-selected={current}
            aria-controls={controls}
            data-testid={`delivery-tab-${tab.status ?? 'all'}`}
            onClick={() => onChange(tab.status)}
            className={cx(
              'rounded-lg px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600',
              current ? 'bg-indigo-50 text-indigo-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
            )}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
