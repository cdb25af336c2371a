import { FluentProvider, Spinner, teamsLightTheme, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { HealthResponse } from '../../../contract/index.ts';
import { apiFetch, setTokenProvider } from '../api/client.ts';
import { AccountsPage } from '../features/accounts/AccountsPage.tsx';
import { PersonaPicker } from '../features/signin/PersonaPicker.tsx';

const TOKEN_KEY = 'room-accounts.demo-token';

/** Composition root: find the mode, sign in (demo persona outside Teams), then show the accounts. */
export function App() {
  const [health, setHealth] = useState<HealthResponse>();
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY));

  useEffect(() => {
    void apiFetch<HealthResponse>('/api/health').then(setHealth);
  }, []);

  if (token) setTokenProvider(async () => token);
  const body = !health ? (
    <Spinner label="Loading" />
  ) : token ? (
    <AccountsPage />
  ) : health.mode === 'demo' ? (
    <PersonaPicker
      onSignedIn={(value) => {
        sessionStorage.setItem(TOKEN_KEY, value);
        setToken(value);
      }}
    />
  ) : (
    <Text>Open Room Accounts from Microsoft Teams: add the app, then pin its tab to your admin channel.</Text>
  );
  return <FluentProvider theme={teamsLightTheme}>{body}</FluentProvider>;
}
