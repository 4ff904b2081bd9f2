import { Activity, Building2, Gauge, LayoutDashboard, LogOut, type LucideIcon, Server, SlidersHorizontal, Trophy, Upload, Webhook } from 'lucide-react';
import type { ReactNode } from 'react';
import { useAuth } from '../auth/auth-context';
import { Button } from '../components/Button';
import { ConnectionIndicator } from '../components/ConnectionIndicator';
import { cx } from '../lib/cx';
import { useRealtime } from '../realtime/realtime-context';
import type { PageName } from '../routing/routes';

interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Pages highlighted as this item (the lead detail belongs to the leaderboard). */
  pages: readonly PageName[];
}

const NAV: readonly NavItem[] = [
  { href: '#/', label: 'Overview', icon: LayoutDashboard, pages: ['overview'] },
  { href: '#/leads', label: 'Leaderboard', icon: Trophy, pages: ['leaderboard', 'lead'] },
  { href: '#/accounts', label: 'Accounts', icon: Building2, pages: ['accounts', 'account'] },
  { href: '#/upload', label: 'Events', icon: Upload, pages: ['upload'] },
  { href: '#/rules', label: 'Rules', icon: SlidersHorizontal, pages: ['rules'] },
  { href: '#/triggers', label: 'Triggers', icon: Webhook, pages: ['triggers'] },
  { href: '#/system', label: 'System', icon: Server, pages: ['system'] },
];

export function AppShell({ page, children }: { page: PageName; children: ReactNode }) {
  const { signOut } = useAuth();
  const { status } = useRealtime();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        onClick={(event) => {
          // The hash is the router's: move focus without navigating.
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-3 gap-y-0 px-4 pt-2.5 md:flex-nowrap md:py-2.5">
          <a href="#/" className="flex items-center gap-2 rounded text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <Gauge aria-hidden="true" className="size-6" />
            <span className="font-semibold whitespace-nowrap text-slate-900">Lead scoring</span>
          </a>
          <nav aria-label="Main" className="order-last -mx-4 mt-2.5 w-[calc(100%+2rem)] overflow-x-auto border-t border-slate-100 px-2 md:order-none md:mx-0 md:mt-0 md:w-auto md:border-0 md:px-0">
            <ul className="flex gap-1 py-1.5 md:py-0">
              {NAV.map((item) => {
                const current = item.pages.includes(page);
                const Icon = item.icon;
                return (
                  <li key={item.href}>
                    <a
                      href={item.href}
                      aria-current={current ? 'page' : undefined}
                      data-testid={`nav-${item.pages[0]}`}
                      className={cx(
                        'flex items-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-indigo-600',
                        current ? 'bg-indigo-50 text-indigo-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
                      )}
                    >
                      <Icon aria-hidden="true" className="size-4" />
                      {item.label}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="flex items-center gap-2">
            <ConnectionIndicator status={status} />
            <Button onClick={() => signOut()} data-testid="sign-out-button" aria-label="Sign out">
              <LogOut aria-hidden="true" className="size-4" />
              <span className="hidden sm:inline">Sign out</span>
            </Button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        {children}
      </main>
      <footer className="mx-auto flex max-w-7xl items-center gap-1.5 px-4 pb-6 text-xs text-slate-400">
        <Activity aria-hidden="true" className="size-3.5" />
        Scores update live from the realtime gateway.
      </footer>
    </div>
  );
}
