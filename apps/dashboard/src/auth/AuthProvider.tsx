import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { AuthContext, type AuthState } from './auth-context';
import { browserKeyStore, type KeyStore } from './key-store';

interface AuthProviderProps {
  children: ReactNode;
  store?: KeyStore;
}

export function AuthProvider({ children, store: givenStore }: AuthProviderProps) {
  const [store] = useState(() => givenStore ?? browserKeyStore());
  const [apiKey, setApiKey] = useState<string | null>(() => store.read());
  const [notice, setNotice] = useState<string | null>(null);

  const signIn = useCallback(
    (key: string) => {
      store.write(key);
      setNotice(null);
      setApiKey(key);
    },
    [store],
  );

  const signOut = useCallback(
    (reason?: string) => {
      store.clear();
      setNotice(reason ?? null);
      setApiKey(null);
    },
    [store],
  );

  const value = useMemo<AuthState>(() => ({ apiKey, notice, signIn, signOut }), [apiKey, notice, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
