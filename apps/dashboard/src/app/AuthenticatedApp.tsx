import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiClients, ApiClientsContext } from '../api/api-clients-context';
import { createApiClient } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { LoadingState } from '../components/States';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { useLiveInvalidation } from '../realtime/useLiveInvalidation';
import type { Route } from '../routing/routes';
import { useRoute } from '../routing/useRoute';
import { useAppConfig } from './app-config-context';
import { AppShell } from './AppShell';
import { createQueryClient } from './query-client';

import { KEY_REJECTED_NOTICE } from './session-notices';

// One chunk per page: the sign-in screen and the shell load without Recharts, and each page brings only its own code.
const OverviewPage = lazy(() => import('../pages/OverviewPage'));
const LeaderboardPage = lazy(() => import('../pages/LeaderboardPage'));
const LeadDetailPage = lazy(() => import('../pages/LeadDetailPage'));
const AccountsPage = lazy(() => import('../pages/AccountsPage'));
const AccountDetailPage = lazy(() => import('../pages/AccountDetailPage'));
const UploadPage = lazy(() => import('../pages/UploadPage'));
const RulesPage = lazy(() => import('../pages/RulesPage'));
const TriggersPage = lazy(() => import('../pages/TriggersPage'));
const SystemPage = lazy(() => import('../pages/SystemPage'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));

/**
 * Everything that needs the key. Mounted with `key={apiKey}`, so signing in again starts from an empty cache and
 * a fresh socket: nothing fetched with one key is ever shown under another.
 */
export default function AuthenticatedApp({ apiKey }: { apiKey: string }) {
  const config = useAppConfig();
  const { signOut } = useAuth();
  const [queryClient] = useState(() => createQueryClient({ onUnauthorized: () => signOut(KEY_REJECTED_NOTICE) }));
  const clients = useMemo<ApiClients>(
    () => ({
      realtime: createApiClient({ baseUrl: config.realtimeUrl, apiKey }),
      ingestion: createApiClient({ baseUrl: config.apiBaseUrl, apiKey }),
    }),
    [config, apiKey],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <ApiClientsContext.Provider value={clients}>
        <RealtimeProvider url={config.realtimeUrl} token={apiKey}>
          <Routed />
        </RealtimeProvider>
      </ApiClientsContext.Provider>
    </QueryClientProvider>
  );
}

function Routed() {
  useLiveInvalidation();
  const route = useRoute();
  useFocusOnNavigation(route);
  return (
    <AppShell page={route.page}>
      <Suspense fallback={<LoadingState label="Loading the page…" />}>
        <PageOf route={route} />
      </Suspense>
    </AppShell>
  );
}

function PageOf({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'leaderboard':
      return <LeaderboardPage />;
    case 'lead':
      return <LeadDetailPage key={route.leadId} leadId={route.leadId} />;
    case 'accounts':
      return <AccountsPage />;
    case 'account':
      return <AccountDetailPage key={route.account} account={route.account} />;
    case 'upload':
      return <UploadPage />;
    case 'rules':
      return <RulesPage />;
    case 'triggers':
      return <TriggersPage />;
    case 'system':
      return <SystemPage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

/** After a navigation, keyboard and screen-reader users start at the new page's content, not at the old link. */
function useFocusOnNavigation(route: Route) {
  const key = route.page === 'lead' ? `lead/${route.leadId}` : route.page === 'account' ? `account/${route.account}` : route.page;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [key]);
}
