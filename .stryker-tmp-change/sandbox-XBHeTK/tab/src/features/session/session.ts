// @ts-nocheck
import { createContext, useContext } from 'react';
import type { MeResponse } from '../../../../contract/index.ts';
import type { TeamsSession } from '../../teams/connect.ts';

/** The kinds of write `GET /api/me` lists in `canWrite`, one per group of controls. */
export type WriteKind = 'userAccount' | 'usageLocation' | 'license' | 'calendarProcessing' | 'place' | 'roomList';

/** The least-privileged role for each kind of write, named in hints (when /api/me gives none). */
export const ROLE_FOR: Record<WriteKind, string> = {
  userAccount: 'User Administrator',
  usageLocation: 'License Administrator',
  license: 'License Administrator',
  calendarProcessing: 'Exchange Recipient Administrator',
  place: 'Exchange Administrator',
  roomList: 'Exchange Recipient Administrator',
};

/** Who is signed in and where the tab runs; every page reads it through useSession. */
export interface Session {
  me: MeResponse;
  teams: TeamsSession | null;
  locale: string;
  /** Whether the token's roles show one for this write: a hint, never a reason to disable a control. */
  canWrite(kind: WriteKind): boolean;
  /** The role to name for a write, and what else Microsoft 365 accepts, for hints. */
  hint(kind: WriteKind): { role: string; also?: string };
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
  const hints = new Map((me.writeHints ?? []).map((hint) => [hint.kind, hint]));
  return {
    me,
    teams,
    locale: teams?.locale ?? navigator.language,
    canWrite: (kind) => allowed.has(kind),
    hint: (kind) => ({ role: hints.get(kind)?.requiredRole ?? ROLE_FOR[kind], also: hints.get(kind)?.alsoAccepted }),
  };
}
