import { Button, Card, Dropdown, Option, Text, Title2 } from '@fluentui/react-components';
import { useState } from 'react';
import { apiFetch, ApiError } from '../../api/client.ts';

const PERSONAS: { id: string; label: string }[] = [
  { id: 'global-admin', label: 'Global Administrator' },
  { id: 'global-reader', label: 'Global Reader' },
  { id: 'exchange-admin', label: 'Exchange Administrator' },
  { id: 'exchange-recipient-admin', label: 'Exchange Recipient Administrator' },
  { id: 'user-admin', label: 'User Administrator' },
  { id: 'license-admin', label: 'License Administrator' },
  { id: 'teams-devices-admin', label: 'Teams Devices Administrator' },
  { id: 'no-role', label: 'User with no admin role' },
];

/** Demo mode outside Teams: sign in as one of the demo tenant's admin personas. */
export function PersonaPicker({ onSignedIn }: { onSignedIn: (token: string, persona: string) => void }) {
  const [persona, setPersona] = useState('exchange-admin');
  const [error, setError] = useState<string>();
  const signIn = async () => {
    try {
      const { access_token } = await apiFetch<{ access_token: string }>('/api/demo/token', { method: 'POST', body: { persona } });
      onSignedIn(access_token, persona);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Sign-in failed. Is `npm start` still running?');
    }
  };
  return (
    <Card style={{ maxWidth: 480, margin: '48px auto', padding: 24 }}>
      <Title2>Room Accounts demo</Title2>
      <Text>This is the demo tenant. Choose whose admin role to sign in with.</Text>
      <Dropdown aria-label="Demo persona" value={PERSONAS.find((p) => p.id === persona)?.label} selectedOptions={[persona]} onOptionSelect={(_e, data) => setPersona(String(data.optionValue))}>
        {PERSONAS.map((p) => (
          <Option key={p.id} value={p.id}>
            {p.label}
          </Option>
        ))}
      </Dropdown>
      <Button appearance="primary" onClick={() => void signIn()}>
        Sign in
      </Button>
      {error && <Text role="alert">{error}</Text>}
    </Card>
  );
}
