import { createContext, useContext } from 'react';
import type { MeResponse } from '../../../../contract/index.ts';
import type { TeamsSession } from '../../teams/connect.ts';

/** The kinds of write `GET /api/me` lists in `canWrite`, one per group of controls. */
export type WriteKind = 'userAccount' | 'usageLocation' | 'license' | 'calendarProcessing' | 'place';

/** The least-privileged role for each kind of write, named in tooltips when a control is disabled. */
export const ROLE_FOR: Record<WriteKind, string> = {
  userAccount: 'User Administrator',
  usageLocation: 'License Administrator',
  license: 'License Administrator',
  calendarProcessing: 'Exchange Recipient Administrator',
  place: 'Exchange Administrator',
};

/** Who is signed in and where the tab runs; every page reads it through useSession. */
export interface Session {
  me: MeResponse;
  teams: TeamsSession | null;
  locale: string;
  canWrite(kind: WriteKind): boolean;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a signed-in session above it.');
  return session;
}

/** A session from /api/me and the Teams context (or none outside Teams). */
export function createSession(me: MeResponse, teams: TeamsSession | null): Session {
  const allowed = new Set(me.canWrite);
  return { me, teams, locale: teams?.locale ?? navigator.language, canWrite: (kind) => allowed.has(kind) };
}
