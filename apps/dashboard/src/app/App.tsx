import { AuthProvider } from '../auth/AuthProvider';
import { useAuth } from '../auth/auth-context';
import type { AppConfig } from '../config';
import { SignInPage } from '../pages/SignInPage';
import { AppConfigContext } from './app-config-context';
import { AuthenticatedApp } from './AuthenticatedApp';

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
  return apiKey ? <AuthenticatedApp key={apiKey} apiKey={apiKey} /> : <SignInPage />;
}
