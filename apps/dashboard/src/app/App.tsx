import { lazy, Suspense } from 'react';
import { AuthProvider } from '../auth/AuthProvider';
import { useAuth } from '../auth/auth-context';
import type { AppConfig } from '../config';
import { SignInPage } from '../pages/SignInPage';
import { AppConfigContext } from './app-config-context';

// The sign-in screen is the first paint: TanStack Query, the Socket.io client and the shell load after it.
const AuthenticatedApp = lazy(() => import('./AuthenticatedApp'));

export function App({ config }: { config: AppConfig }) {
  return (
    <AppConfigContext.Provider value={config}>
      <AuthProvider>
        <Session />
      </AuthProvider>
    </AppConfigContext.Provider>
  );
}

function Session() {
  const { apiKey } = useAuth();
  if (!apiKey) return <SignInPage />;
  return (
    <Suspense fallback={<p role="status" className="p-6 text-sm text-slate-600">Loading the dashboard…</p>}>
      <AuthenticatedApp key={apiKey} apiKey={apiKey} />
    </Suspense>
  );
}
