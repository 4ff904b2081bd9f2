import { createContext, useContext } from 'react';

export interface AuthState {
  /** The admin API key of this browser tab, or null when signed out. */
  apiKey: string | null;
  /** Why the user was signed out (for example a rejected key), shown on the sign-in screen. */
  notice: string | null;
  signIn(apiKey: string): void;
  signOut(notice?: string): void;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>');
  return auth;
}
