import { LoaderCircle, type LucideIcon, Wifi, WifiOff } from 'lucide-react';
import { cx } from '../lib/cx';
import type { ConnectionStatus } from '../realtime/connection-status';

const APPEARANCE: Record<ConnectionStatus, { icon: LucideIcon; iconClass?: string; className: string; description: string }> = {
  live: {
    icon: Wifi,
    className: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
    description: 'Live updates are on: the leaderboard refreshes as events are scored.',
  },
  reconnecting: {
    icon: LoaderCircle,
    iconClass: 'motion-safe:animate-spin',
    className: 'bg-amber-50 text-amber-800 ring-amber-600/20',
    description: 'The live connection dropped; reconnecting. The data shown may be out of date.',
  },
  offline: {
    icon: WifiOff,
    className: 'bg-slate-100 text-slate-700 ring-slate-500/20',
    description: 'No live connection: the data shown may be out of date.',
  },
};

export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { icon: Icon, iconClass, className, description } = APPEARANCE[status];
  return (
    <div
      role="status"
      title={description}
      className={cx('inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset', className)}
    >
      <Icon aria-hidden="true" className={cx('size-3.5', iconClass)} />
      <span className="sr-only">Live updates:</span>
      {/* The text is exactly the status word: end-to-end tests read it. */}
      <span data-testid="connection-status">{status}</span>
    </div>
  );
}
