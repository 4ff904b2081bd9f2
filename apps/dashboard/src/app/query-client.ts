import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isUnauthorized } from '../api/client';
import { shouldRetry } from '../api/retry';

interface QueryClientOptions {
  /** Called when any request answers 401: the key was revoked or rotated while the tab was open. */
  onUnauthorized(): void;
}

export function createQueryClient({ onUnauthorized }: QueryClientOptions): QueryClient {
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    // No refetchInterval: freshness comes from Socket.io pushes, not polling.
    defaultOptions: { queries: { retry: shouldRetry } },
  });
}
