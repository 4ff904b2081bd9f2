import { Gauge, LogOut } from 'lucide-react';
import type { ReactNode } from 'react';
import { useAuth } from '../auth/auth-context';
import { Button } from '../components/Button';
import { ConnectionIndicator } from '../components/ConnectionIndicator';
import { useRealtime } from '../realtime/realtime-context';

export function AppShell({ children }: { children: ReactNode }) {
  const { signOut } = useAuth();
  const { status } = useRealtime();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-2 text-indigo-600">
            <Gauge aria-hidden="true" className="size-6" />
            <span className="font-semibold text-slate-900">Lead scoring</span>
          </div>
          <div className="flex items-center gap-3">
            <ConnectionIndicator status={status} />
            <Button onClick={() => signOut()} data-testid="sign-out-button">
              <LogOut aria-hidden="true" className="size-4" />
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
