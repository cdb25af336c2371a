import { Button, FluentProvider, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ErrorBar } from '../components/ErrorBar.tsx';
import { createSession, SessionContext } from '../features/session/session.ts';
import { ConsentPrompt } from '../features/signin/ConsentPrompt.tsx';
import { OpenInTeams } from '../features/signin/OpenInTeams.tsx';
import { PersonaPicker } from '../features/signin/PersonaPicker.tsx';
import { navigate, useHashRoute } from '../lib/hashRoute.ts';
import { themeName, type ThemeName } from '../teams/connect.ts';
import { fluentTheme, followTeamsTheme } from '../teams/theme.ts';
import { RouteView } from './routes.tsx';
import { Shell } from './Shell.tsx';
import { useStartup } from './startup.ts';

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  center: { padding: tokens.spacingHorizontalXXL, display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '720px', margin: '0 auto' },
});

/** Composition root: start-up screens, theme, session, and the routed pages inside the shell. */
export function App() {
  const startup = useStartup();
  const hashRoute = useHashRoute();
  // config.html is the manifest's configurationUrl: the same app, always on its configuration page.
  const route = window.location.pathname.endsWith('/config.html') ? { ...hashRoute, path: '/config' } : hashRoute;
  const [theme, setTheme] = useState<ThemeName>(() => themeName(new URLSearchParams(window.location.search).get('theme') ?? undefined));
  const { teams, phase } = startup;
  const deepLinkFollowed = useRef(false);

  useEffect(() => {
    if (!teams) return;
    setTheme(teams.theme);
    followTeamsTheme(teams.sdk, (name) => setTheme(themeName(name)));
  }, [teams]);

  useEffect(() => {
    document.documentElement.lang = teams?.locale ?? navigator.language;
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme === 'default' ? 'light' : 'dark';
  }, [teams, theme]);

  // A deep link (subEntityId) opens its account once per load, on top of the tab's start view.
  useEffect(() => {
    if (phase.kind !== 'ready' || !teams?.subPageId || deepLinkFollowed.current) return;
    deepLinkFollowed.current = true;
    const target = `/accounts/${encodeURIComponent(teams.subPageId)}`;
    if (window.location.hash !== `#${target}`) navigate(target);
  }, [phase.kind, teams]);

  const me = phase.kind === 'ready' ? phase.me : undefined;
  const session = useMemo(() => (me ? createSession(me, teams ?? null) : null), [me, teams]);

  return (
    <FluentProvider theme={fluentTheme(theme)} data-testid="app-root" data-theme={theme}>
      <Root>
        {phase.kind === 'starting' && (
          <Centered>
            <Spinner label="Starting Room Accounts…" />
          </Centered>
        )}
        {phase.kind === 'failed' && (
          <Centered>
            <ErrorBar title="Room Accounts could not start." error={phase.error} onRetry={startup.retry} />
            {!phase.error.retryable && (
              <div>
                <Button onClick={startup.retry}>Try again</Button>
              </div>
            )}
          </Centered>
        )}
        {phase.kind === 'pickPersona' && <PersonaPicker onSignedIn={(token) => startup.signInDemo(token)} />}
        {phase.kind === 'openInTeams' && <OpenInTeams />}
        {phase.kind === 'consent' && <ConsentPrompt onConsent={startup.consent} />}
        {session && (
          <SessionContext.Provider value={session}>
            {route.path === '/config' && teams ? (
              <Centered>
                <RouteView route={route} />
              </Centered>
            ) : (
              <Shell route={route} onSwitchPersona={teams ? undefined : startup.signOutDemo}>
                <RouteView key={startup.generation} route={route} />
              </Shell>
            )}
          </SessionContext.Provider>
        )}
      </Root>
    </FluentProvider>
  );
}

function Root({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <div className={styles.root}>{children}</div>;
}

function Centered({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <div className={styles.center}>{children}</div>;
}
