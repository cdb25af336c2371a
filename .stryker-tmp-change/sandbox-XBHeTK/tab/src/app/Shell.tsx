// @ts-nocheck
import { Button, Caption1, makeStyles, MessageBar, MessageBarBody, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { navigate, type HashRoute } from '../lib/hashRoute.ts';
import { lastListHash } from '../lib/lastList.ts';
import { useSession } from '../features/session/session.ts';
import { sectionOf } from './routes.tsx';

const useStyles = makeStyles({
  shell: { display: 'flex', flexDirection: 'column', height: '100vh', boxSizing: 'border-box' },
  top: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  who: { marginInlineStart: 'auto', display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  main: {
    flex: '1 1 auto',
    minHeight: 0,
    overflow: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
  },
});

const SECTIONS = [
  { value: 'accounts', label: 'Accounts' },
  { value: 'audit', label: 'Audit' },
  { value: 'baseline', label: 'Baseline' },
] as const;

/** The frame around every page: navigation, who is signed in, and the cloud banner. */
export function Shell({ route, onSwitchPersona, children }: { route: HashRoute; onSwitchPersona?: () => void; children: ReactNode }) {
  const styles = useStyles();
  const { me } = useSession();
  const roles = me.roles.map((role) => role.name).join(', ') || 'no admin role';
  return (
    <div className={styles.shell}>
      <header className={styles.top}>
        <Text weight="semibold" size={400}>
          Room Accounts
        </Text>
        <nav aria-label="Sections">
          <TabList
            size="small"
            selectedValue={sectionOf(route)}
            onTabSelect={(_e, data) => {
              if (data.value === 'accounts') window.location.hash = lastListHash();
              else navigate(`/${String(data.value)}`);
            }}
          >
            {SECTIONS.map((section) => (
              <Tab key={section.value} value={section.value}>
                {section.label}
              </Tab>
            ))}
          </TabList>
        </nav>
        <div className={styles.who}>
          <Caption1 data-testid="signed-in-as">
            {me.displayName} · {roles}
          </Caption1>
          {onSwitchPersona && (
            <Button size="small" appearance="subtle" onClick={onSwitchPersona}>
              Switch persona
            </Button>
          )}
        </div>
      </header>
      <main className={styles.main}>
        {me.cloud.note && (
          <MessageBar intent="warning" data-testid="cloud-note">
            <MessageBarBody>{me.cloud.note}</MessageBarBody>
          </MessageBar>
        )}
        {children}
      </main>
    </div>
  );
}
