import { z } from 'zod';
import { calendarProcessingValues } from './calendarProcessing.ts';

export const checkSeverityOverride = z.enum(['required', 'recommended', 'ignored']);

const range = (max: number) =>
  z
    .object({ min: z.number().int().min(0).max(max), max: z.number().int().min(0).max(max), recommended: z.number().int().min(0).max(max) })
    .strict()
    .refine((value) => value.min <= value.recommended && value.recommended <= value.max, {
      message: 'must satisfy min ≤ recommended ≤ max',
    });

/** A tenant's recommended values: the shipped defaults with the tenant's overrides applied. */
export const baselineValues = z
  .object({
    calendarProcessing: calendarProcessingValues,
    bookingWindowInDays: range(1080),
    maximumDurationInMinutes: range(2_147_483_647),
    /** The license Apply assigns to an account without a Teams Rooms license. */
    licenseSkuId: z.string().regex(/^[0-9a-f-]{36}$/i, 'must be a license skuId (GUID)'),
    /** Usage location set on accounts that have none (ISO 3166 alpha-2); null uses the room's country. */
    usageLocation: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US')
      .nullable(),
    /**
     * The name of a building's room list, `{building}` standing for the building: the list the "in a room list"
     * fix adds a room to, created with that name when the building has none.
     */
    roomListName: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine((value) => value.includes('{building}'), { message: 'must contain {building}' })
      .default('Rooms - {building}'),
    /** The "signed in successfully within N days" check's N (issue 14). */
    signInWithinDays: z.number().int().min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').default(7),
    /** Per-check severity overrides: raise a recommended check to required, or ignore it. */
    severities: z.record(z.string().max(64), checkSeverityOverride),
  })
  .strict();
export type BaselineValues = z.infer<typeof baselineValues>;

export const baselineResponse = z.object({
  version: z.number().int(),
  values: baselineValues,
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  checks: z.array(
    z.object({
      id: z.string(),
      group: z.string(),
      label: z.string(),
      description: z.string(),
      powershell: z.string(),
      defaultSeverity: z.enum(['required', 'recommended']),
      severity: checkSeverityOverride,
      expected: z.unknown(),
      changeRole: z.string(),
    }),
  ),
});
export type BaselineResponse = z.infer<typeof baselineResponse>;
