import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { type ApiClients, ApiClientsContext } from '../api/api-clients-context';
import { createApiClient } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { LeaderboardPage } from '../pages/LeaderboardPage';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { useAppConfig } from './app-config-context';
import { AppShell } from './AppShell';
import { createQueryClient } from './query-client';

export const KEY_REJECTED_NOTICE = 'You were signed out because the API key was rejected (401). Sign in with a valid admin key.';

/**
 * Everything that needs the key. Mounted with `key={apiKey}`, so signing in again starts from an empty cache and
 * a fresh socket: nothing fetched with one key is ever shown under another.
 */
export function AuthenticatedApp({ apiKey }: { apiKey: string }) {
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
          <AppShell>
            <LeaderboardPage />
          </AppShell>
        </RealtimeProvider>
      </ApiClientsContext.Provider>
    </QueryClientProvider>
  );
}
