import { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import { refreshTokensOf } from '../identity/refreshTokens.ts';
import { DEMO_APP, DEMO_APP_SCOPES } from '../tenant/directory.ts';
import type { EmApp, EmUser } from '../tenant/model.ts';
import { addSeededRoom } from '../tenant/seed.ts';
import { fail, parseBody, tenantParam } from './replies.ts';

const nullableText = z.string().max(256).nullable();
const PASSWORD_POLICIES = ['DisablePasswordExpiration', 'DisableStrongPassword', 'None'];

const userPatch = z
  .object({
    displayName: z.string().min(1).max(256),
    accountEnabled: z.boolean(),
    passwordPolicies: z
      .string()
      .refine(
        (value) => value.split(',').every((part) => PASSWORD_POLICIES.includes(part.trim())),
        `a comma-separated list of ${PASSWORD_POLICIES.join(', ')}`,
      )
      .nullable(),
    passwordProfile: z.object({ forceChangePasswordNextSignIn: z.boolean() }).strict(),
    usageLocation: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166 country code')
      .nullable(),
    userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'an address like name@domain'),
    mail: z
      .string()
      .regex(/^[^@\s]+@[^@\s]+$/, 'an address like name@domain')
      .nullable(),
    city: nullableText,
    country: nullableText,
    officeLocation: nullableText,
    jobTitle: nullableText,
    department: nullableText,
  })
  .partial()
  .strict();

const calendarPatch = z
  .object({
    AutomateProcessing: z.enum(['None', 'AutoUpdate', 'AutoAccept']),
    AddOrganizerToSubject: z.boolean(),
    DeleteComments: z.boolean(),
    DeleteSubject: z.boolean(),
    RemovePrivateProperty: z.boolean(),
    ProcessExternalMeetingMessages: z.boolean(),
    AllowRecurringMeetings: z.boolean(),
    DeleteAttachments: z.boolean(),
    AddAdditionalResponse: z.boolean(),
    AdditionalResponse: z.string().nullable(),
    AllowConflicts: z.boolean(),
    BookingWindowInDays: z.number().int().min(0).max(1080),
    MaximumDurationInMinutes: z.number().int().min(0).max(2147483647),
    EnforceSchedulingHorizon: z.boolean(),
    ScheduleOnlyDuringWorkHours: z.boolean(),
    ConflictPercentageAllowed: z.number().int().min(0).max(100),
    MaximumConflictInstances: z.number().int().min(0),
    AllBookInPolicy: z.boolean(),
    BookInPolicy: z.array(z.string()),
    ResourceDelegates: z.array(z.string()),
    EnforceCapacity: z.boolean(),
  })
  .partial()
  .strict();

const newRoom = z
  .object({ displayName: z.string().min(1).max(256), building: z.string().min(1), scenario: z.string().min(1) })
  .partial()
  .strict();
const licenseRemoval = z.object({ skuId: z.string().uuid() }).strict();
const consent = z.object({ userId: z.string().min(1).optional(), clientId: z.string().min(1).optional(), granted: z.boolean() }).strict();
const mfa = z.object({ userId: z.string().min(1), required: z.boolean() }).strict();

/** Scopes an app had before a tenant-wide revocation, so granting again restores them. */
const revokedScopes = new WeakMap<EmApp, Record<string, string[]>>();

/**
 * Changes made "by another admin", outside our app: each updates the tenant as Entra or Exchange would and
 * bumps delta tracking when Entra data changes. No authentication: these routes exist only in the emulator.
 */
export function tenantChangeRoutes(ctx: EmulatorContext): Router {
  const router = Router();

  router.post('/tenants/:tid/rooms', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(newRoom, req, res);
    if (!tenant || !body) return;
    try {
      const draft = addSeededRoom(tenant, body);
      res.status(201).json({
        userId: draft.user.id,
        userPrincipalName: draft.user.userPrincipalName,
        displayName: draft.user.displayName,
        mailboxGuid: draft.mailbox?.guid ?? null,
        placeId: draft.place?.id ?? null,
        building: draft.spot.building.label,
        scenario: body.scenario ?? 'exchange-defaults',
      });
    } catch (error) {
      fail(res, 400, 'invalidRoom', (error as Error).message);
    }
  });

  router.patch('/tenants/:tid/users/:id', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const user = tenant && findUser(tenant.userByIdOrUpn(String(req.params.id)), String(req.params.id), res);
    const patch = user && parseBody(userPatch, req, res);
    if (!tenant || !user || !patch) return;
    if (patch.userPrincipalName !== undefined) {
      const taken = tenant.userByIdOrUpn(patch.userPrincipalName);
      if (taken && taken.id !== user.id)
        return fail(res, 400, 'upnInUse', `Another object already uses userPrincipalName ${patch.userPrincipalName}.`);
      if (!patch.userPrincipalName.toLowerCase().endsWith(`@${tenant.domain.toLowerCase()}`)) {
        return fail(
          res,
          400,
          'unverifiedDomain',
          `The domain of ${patch.userPrincipalName} is not a verified domain of this tenant (${tenant.domain}).`,
        );
      }
    }
    Object.assign(user, patch);
    tenant.touchUser(user.id);
    res.json(user);
  });

  router.patch('/tenants/:tid/mailboxes/:identity/calendar-processing', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    if (!tenant) return;
    const identity = String(req.params.identity);
    const mailbox = tenant.mailboxByIdentity(identity);
    if (!mailbox)
      return fail(res, 404, 'mailboxNotFound', `The operation couldn't be performed because object '${identity}' couldn't be found.`);
    const patch = parseBody(calendarPatch, req, res);
    if (!patch) return;
    Object.assign(mailbox.calendarProcessing, patch);
    res.json({ identity: mailbox.primarySmtpAddress, calendarProcessing: mailbox.calendarProcessing });
  });

  router.post('/tenants/:tid/users/:id/licenses/remove', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const user = tenant && findUser(tenant.userByIdOrUpn(String(req.params.id)), String(req.params.id), res);
    const body = user && parseBody(licenseRemoval, req, res);
    if (!tenant || !user || !body) return;
    if (!user.assignedLicenses.some((license) => license.skuId === body.skuId)) {
      return fail(res, 400, 'licenseNotAssigned', `User ${user.userPrincipalName} does not hold license ${body.skuId}.`);
    }
    user.assignedLicenses = user.assignedLicenses.filter((license) => license.skuId !== body.skuId);
    tenant.touchUser(user.id);
    res.json({ userId: user.id, assignedLicenses: user.assignedLicenses });
  });

  router.delete('/tenants/:tid/users/:id', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const user = tenant && findUser(tenant.userByIdOrUpn(String(req.params.id)), String(req.params.id), res);
    if (!tenant || !user) return;
    tenant.removeUser(user.id);
    res.status(204).end();
  });

  router.post('/tenants/:tid/consent', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(consent, req, res);
    if (!tenant || !body) return;
    const clientId = body.clientId ?? DEMO_APP.clientId;
    const app = tenant.apps.get(clientId);
    if (!app) return fail(res, 404, 'appNotFound', `No app ${clientId} is registered in tenant ${tenant.id}.`);
    if (body.userId !== undefined) {
      const user = findUser(tenant.userByIdOrUpn(body.userId), body.userId, res);
      if (!user) return;
      if (body.granted) app.consentRevokedFor.delete(user.id);
      else app.consentRevokedFor.add(user.id);
    } else if (body.granted) {
      if (Object.keys(app.consentedScopes).length === 0) app.consentedScopes = revokedScopes.get(app) ?? structuredClone(DEMO_APP_SCOPES);
      revokedScopes.delete(app);
      app.consentRevokedFor.clear();
    } else if (Object.keys(app.consentedScopes).length > 0) {
      revokedScopes.set(app, app.consentedScopes);
      app.consentedScopes = {};
    }
    res.json({ clientId, tenantWideConsent: Object.keys(app.consentedScopes).length > 0, revokedFor: [...app.consentRevokedFor] });
  });

  // Like Graph's POST /users/{id}/revokeSignInSessions: every refresh token issued to the user so far stops working (AADSTS50173).
  router.post('/tenants/:tid/users/:id/revoke-sessions', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const user = tenant && findUser(tenant.userByIdOrUpn(String(req.params.id)), String(req.params.id), res);
    if (!tenant || !user) return;
    res.json({ userId: user.id, revokedRefreshTokens: refreshTokensOf(tenant).revokeUser(user.id) });
  });

  router.post('/tenants/:tid/mfa', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(mfa, req, res);
    if (!tenant || !body) return;
    const user = findUser(tenant.userByIdOrUpn(body.userId), body.userId, res);
    if (!user) return;
    if (body.required) tenant.mfaRequiredUsers.add(user.id);
    else tenant.mfaRequiredUsers.delete(user.id);
    res.json({ userId: user.id, mfaRequired: body.required });
  });

  return router;
}

function findUser(user: EmUser | undefined, id: string, res: Parameters<typeof fail>[0]): EmUser | undefined {
  if (!user) fail(res, 404, 'userNotFound', `Resource '${id}' does not exist.`);
  return user;
}
