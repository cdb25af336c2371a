// @ts-nocheck
import { Router } from 'express';
import { z } from 'zod';
import { knobsSchema } from '../limits/knobs.ts';
import type { ProfileGate } from '../limits/profileGate.ts';
import { overridesOf, PROFILE_NAMES, trafficSettings, type ProfileName } from '../limits/profiles.ts';
import { fail, parseBody } from './replies.ts';

const profileBody = knobsSchema.extend({ profile: z.enum(PROFILE_NAMES as [ProfileName, ...ProfileName[]]).optional() });

/**
 * `GET /profile` reports the traffic profile, its knobs, what differs from the named profile and the gate's
 * counters; `PUT /profile` with `profile` starts from that profile, without it changes only the knobs given.
 */
export function profileRoutes(traffic: ProfileGate | undefined): Router {
  const router = Router();
  const report = (gate: ProfileGate) => {
    const settings = gate.current();
    return { profile: settings.profile, knobs: settings.knobs, overrides: overridesOf(settings), counters: gate.counters() };
  };
  router.get('/profile', (_req, res) => {
    if (!traffic) return fail(res, 404, 'customGate', 'This emulator runs a custom traffic gate; it has no profile.');
    res.json(report(traffic));
  });
  router.put('/profile', (req, res) => {
    if (!traffic) return fail(res, 404, 'customGate', 'This emulator runs a custom traffic gate; it has no profile.');
    const body = parseBody(profileBody, req, res);
    if (!body) return;
    const { profile, ...knobs } = body;
    const current = traffic.current();
    traffic.configure(profile ? trafficSettings(profile, knobs) : { profile: current.profile, knobs: { ...current.knobs, ...knobs } });
    res.json(report(traffic));
  });
  return router;
}
