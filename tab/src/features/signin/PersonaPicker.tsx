import { Body1, Button, Card, Dropdown, Field, makeStyles, Option, Title2, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import { apiFetch } from '../../api/client.ts';
import { demoTokenResponse } from '../../../../contract/index.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { toApiError } from '../../lib/useApi.ts';

const PERSONAS: { id: string; label: string }[] = [
  { id: 'global-admin', label: 'Global Administrator' },
  { id: 'global-reader', label: 'Global Reader' },
  { id: 'exchange-admin', label: 'Exchange Administrator' },
  { id: 'exchange-recipient-admin', label: 'Exchange Recipient Administrator' },
  { id: 'user-admin', label: 'User Administrator' },
  { id: 'license-admin', label: 'License Administrator' },
  { id: 'teams-devices-admin', label: 'Teams Devices Administrator' },
  { id: 'no-role', label: 'User with no admin role' },
  { id: 'exchange-org-management', label: 'Exchange Organization Management (role group, not in the token)' },
  { id: 'exchange-recipient-management', label: 'Exchange Recipient Management (role group, not in the token)' },
  { id: 'au-user-admin', label: 'User Administrator of the Seattle rooms unit (not in the token)' },
  { id: 'group-user-admin', label: 'User Administrator through a group (not in the token)' },
];

const useStyles = makeStyles({
  card: { maxWidth: '480px', margin: '48px auto', padding: tokens.spacingHorizontalXXL, display: 'grid', gap: tokens.spacingVerticalM },
});

/** Demo mode outside Teams: sign in as one of the demo tenant's admin personas (`POST /api/demo/token`). */
export function PersonaPicker({ onSignedIn }: { onSignedIn: (token: string, persona: string) => void }) {
  const styles = useStyles();
  const [persona, setPersona] = useState('exchange-admin');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const signIn = async () => {
    setBusy(true);
    try {
      const { access_token } = await apiFetch('/api/demo/token', demoTokenResponse, { method: 'POST', body: { persona }, anonymous: true });
      onSignedIn(access_token, persona);
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  };
  return (
    <main>
      <Card className={styles.card} data-testid="persona-picker">
        <Title2 as="h1">Room Accounts demo</Title2>
        <Body1>
          This is the demo tenant, outside Teams. Choose whose admin role to sign in with; each persona holds one Microsoft Entra role.
        </Body1>
        <Field label="Demo persona">
          <Dropdown
            value={PERSONAS.find((p) => p.id === persona)?.label}
            selectedOptions={[persona]}
            onOptionSelect={(_e, data) => setPersona(String(data.optionValue))}
          >
            {PERSONAS.map((p) => (
              <Option key={p.id} value={p.id}>
                {p.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <div>
          <Button appearance="primary" disabled={busy} onClick={() => void signIn()}>
            Sign in
          </Button>
        </div>
        {error && <ErrorBar title="Sign-in failed." error={error} onRetry={() => void signIn()} />}
      </Card>
    </main>
  );
}
