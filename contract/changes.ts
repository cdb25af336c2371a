import { z } from 'zod';
import { accountDetail, seatCount } from './accounts.ts';
import { calendarProcessingValues } from './calendarProcessing.ts';

const nullableText = (max: number) => z.string().trim().max(max).nullable();

/** Settings an admin may change on one account; every field optional, unknown fields refused. */
export const desiredSettings = z
  .object({
    accountEnabled: z.boolean(),
    passwordNeverExpires: z.boolean(),
    forceChangePasswordNextSignIn: z.boolean(),
    usageLocation: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US'),
    /** The room list the room should be in (added, and the list created when missing). */
    roomList: z.string().trim().min(1).max(64),
    calendarProcessing: calendarProcessingValues
      .extend({
        BookingWindowInDays: z.number().int().min(0).max(1080),
        MaximumDurationInMinutes: z.number().int().min(0).max(2_147_483_647),
      })
      .partial()
      .strict(),
    location: z
      .object({
        building: nullableText(256),
        floorNumber: z.number().int().min(-100).max(500).nullable(),
        floorLabel: nullableText(64),
        capacity: z.number().int().min(0).max(100_000).nullable(),
        street: nullableText(256),
        city: nullableText(128),
        state: nullableText(128),
        countryOrRegion: nullableText(64),
        postalCode: nullableText(32),
        isWheelChairAccessible: z.boolean(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type DesiredSettings = z.infer<typeof desiredSettings>;

export const planRequest = z.union([z.object({ recommended: z.literal(true) }).strict(), z.object({ settings: desiredSettings }).strict()]);
export type PlanRequest = z.infer<typeof planRequest>;

export const plannedChange = z.object({
  setting: z.string(),
  label: z.string(),
  group: z.enum(['account', 'mailbox', 'license', 'location']),
  from: z.unknown(),
  to: z.unknown(),
  /** The Microsoft 365 call that makes the change. */
  api: z.string(),
  /** The least-privileged role that may make it. */
  requiredRole: z.string(),
  /**
   * Whether the token's roles (`wids`) show one that may make it: a hint. When false the change is still
   * attempted, since Exchange role groups and scoped roles never show there; Microsoft 365 decides.
   */
  allowed: z.boolean(),
});
export type PlannedChange = z.infer<typeof plannedChange>;

export const planResponse = z.object({ accountId: z.string(), changes: z.array(plannedChange) });
export type PlanResponse = z.infer<typeof planResponse>;

export const changeResult = z.object({
  setting: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  /** skipped: not ours to change (e.g. mastered in on-premises AD); the message says where and how. */
  outcome: z.enum(['succeeded', 'failed', 'refused', 'skipped']),
  message: z.string().optional(),
  requiredRole: z.string().optional(),
});
export type ChangeResult = z.infer<typeof changeResult>;

export const applyResponse = z.object({
  accountId: z.string(),
  /** "Your changes have been saved successfully", or what went wrong, for an admin. */
  message: z.string(),
  results: z.array(changeResult),
  account: accountDetail,
});
export type ApplyResponse = z.infer<typeof applyResponse>;

export const licenseChangeRequest = z
  .object({
    add: z
      .array(z.string().regex(/^[0-9a-f-]{36}$/i, 'must be a skuId (GUID)'))
      .max(10)
      .default([]),
    remove: z
      .array(z.string().regex(/^[0-9a-f-]{36}$/i, 'must be a skuId (GUID)'))
      .max(10)
      .default([]),
  })
  .strict()
  .refine((value) => value.add.length + value.remove.length > 0, { message: 'add or remove at least one license' });
export type LicenseChangeRequest = z.infer<typeof licenseChangeRequest>;

/** `PUT /api/accounts/{id}/licenses`: an apply's answer, plus every subscribed license's seats as they are after it. */
export const licenseChangeResponse = applyResponse.extend({ seats: z.array(seatCount) });
export type LicenseChangeResponse = z.infer<typeof licenseChangeResponse>;
