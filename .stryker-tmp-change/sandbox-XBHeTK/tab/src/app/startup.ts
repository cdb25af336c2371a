// @ts-nocheck
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HealthResponse, MeResponse } from '../../../contract/index.ts';
import { apiFetch, onConsentRequired, onSignedOut, setTokenProvider, type ApiError } from '../api/client.ts';
import { toApiError } from '../lib/useApi.ts';
import { teamsTokenProvider, requestConsent } from '../teams/auth.ts';
import { connectToTeams, type TeamsSession } from '../teams/connect.ts';

const DEMO_TOKEN_KEY = 'room-accounts.demo-token';

/** Where start-up got to: each phase is one screen. */
export type Phase =
  | { kind: 'starting' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'pickPersona' }
  | { kind: 'openInTeams' }
  | { kind: 'consent' }
  | { kind: 'ready'; me: MeResponse };

export interface Startup {
  phase: Phase;
  teams: TeamsSession | null | undefined;
  /** Changes after consent or a persona switch, so pages remount and load again. */
  generation: number;
  retry(): void;
  signInDemo(token: string): void;
  signOutDemo(): void;
  consent(): Promise<void>;
}

/**
 * Start-up: find out whether Teams hosts us (teams-js answers) and which mode the API runs in, then get a
 * token (Teams SSO, or a demo persona outside Teams) and `GET /api/me`. Consent and sign-out events from the
 * API client move the app back to the matching screen.
 */
export function useStartup(): Startup {
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [teams, setTeams] = useState<TeamsSession | null>();
  const [generation, setGeneration] = useState(0);
  const notified = useRef(false);
  const teamsRef = useRef<TeamsSession | null>(null);

  const loadMe = useCallback(async () => {
    try {
      const me = await apiFetch<MeResponse>('/api/me');
      setPhase({ kind: 'ready', me });
    } catch (failure) {
      const error = toApiError(failure);
      if (error.code === 'consent_required') setPhase({ kind: 'consent' });
      else if (error.code === 'invalid_token' && !teamsRef.current) setPhase({ kind: 'pickPersona' });
      else setPhase({ kind: 'failed', error });
    }
  }, []);

  const start = useCallback(async () => {
    setPhase({ kind: 'starting' });
    try {
      const [session, health] = await Promise.all([connectToTeams(), apiFetch<HealthResponse>('/api/health', { anonymous: true })]);
      teamsRef.current = session;
      setTeams(session);
      if (session) {
        setTokenProvider(teamsTokenProvider(session.sdk));
        await loadMe();
      } else if (health.mode === 'demo') {
        const token = sessionStorage.getItem(DEMO_TOKEN_KEY);
        if (!token) return setPhase({ kind: 'pickPersona' });
        setTokenProvider(staticToken(token));
        await loadMe();
      } else {
        setPhase({ kind: 'openInTeams' });
      }
    } catch (failure) {
      setPhase({ kind: 'failed', error: toApiError(failure) });
    }
  }, [loadMe]);

  useEffect(() => {
    void start();
    const offConsent = onConsentRequired(() => {
      if (teamsRef.current) setPhase({ kind: 'consent' });
    });
    const offSignedOut = onSignedOut(() => {
      if (teamsRef.current) return;
      sessionStorage.removeItem(DEMO_TOKEN_KEY);
      setTokenProvider(undefined);
      setPhase({ kind: 'pickPersona' });
    });
    return () => {
      offConsent();
      offSignedOut();
    };
  }, [start]);

  // Teams hides its loading indicator when told the app has loaded (or could not).
  useEffect(() => {
    if (!teams || phase.kind === 'starting' || notified.current) return;
    notified.current = true;
    teams.sdk.app.notifySuccess();
  }, [teams, phase.kind]);

  return {
    phase,
    teams,
    generation,
    retry: () => void start(),
    signInDemo(token) {
      sessionStorage.setItem(DEMO_TOKEN_KEY, token);
      setTokenProvider(staticToken(token));
      setGeneration((value) => value + 1);
      void loadMe();
    },
    signOutDemo() {
      sessionStorage.removeItem(DEMO_TOKEN_KEY);
      setTokenProvider(undefined);
      setPhase({ kind: 'pickPersona' });
    },
    async consent() {
      const session = teamsRef.current;
      if (!session) return;
      await requestConsent(session.sdk);
      setTokenProvider(teamsTokenProvider(session.sdk));
      setGeneration((value) => value + 1);
      await loadMe();
    },
  };
}

/** A demo persona's token, kept for this browser tab; when the API refuses it the persona picker returns. */
function staticToken(token: string) {
  return { getToken: () => Promise.resolve(token), invalidate: () => undefined };
}
