import { createContext, useContext } from 'react';
import type { ApiClient } from './client';

/** One authenticated client per gateway; the ingestion one is for the write features still to come. */
export interface ApiClients {
  realtime: ApiClient;
  ingestion: ApiClient;
}

export const ApiClientsContext = createContext<ApiClients | null>(null);

export function useApiClients(): ApiClients {
  const clients = useContext(ApiClientsContext);
  if (!clients) throw new Error('useApiClients must be used inside an ApiClientsContext provider');
  return clients;
}
