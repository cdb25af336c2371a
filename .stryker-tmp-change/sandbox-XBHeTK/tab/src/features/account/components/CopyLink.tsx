// @ts-nocheck
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { Link20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { accountDeepLink } from '../../../teams/deepLink.ts';
import { useSession } from '../../session/session.ts';

const useStyles = makeStyles({ field: { minWidth: '420px', maxWidth: '100%' }, wrap: { display: 'grid', gap: tokens.spacingVerticalXS } });

/** The link that reopens this account: a Teams deep link inside Teams, the tab's own URL in a browser. */
export function useAccountLink(accountId: string, label: string): string {
  const { teams } = useSession();
  const webUrl = `${window.location.origin}/index.html#/accounts/${encodeURIComponent(accountId)}`;
  if (!teams?.appId || !teams.entityId) return webUrl;
  return accountDeepLink({ appId: teams.appId, entityId: teams.entityId, accountId, label, webUrl, channelId: teams.channelId });
}

/** "Copy link": copies the account's link and also shows it, because some hosts refuse clipboard access. */
export function CopyLinkButton({ accountId, label }: { accountId: string; label: string }) {
  const styles = useStyles();
  const link = useAccountLink(accountId, label);
  const [shown, setShown] = useState<'copied' | 'manual'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setShown('copied');
    } catch {
      setShown('manual');
    }
  };
  return (
    <div className={styles.wrap}>
      <Button icon={<Link20Regular />} onClick={() => void copy()}>
        Copy link
      </Button>
      {shown && (
        <Field className={styles.field} label={shown === 'copied' ? 'Link copied' : 'Copy this link'}>
          <Input readOnly value={link} data-testid="deep-link" onFocus={(event) => event.target.select()} />
        </Field>
      )}
    </div>
  );
}
