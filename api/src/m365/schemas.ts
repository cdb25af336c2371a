/**
 * The shapes of every Microsoft 365 response we read. Objects are loose (Microsoft adds properties all the
 * time), but the fields our code relies on are typed strictly, so a changed contract fails loudly as
 * `invalid_response` instead of silently grading rooms on `undefined`.
 */
import { z } from 'zod';

const text = z.string().nullish();
const count = z.number().int().nullish();

// ---- Graph ----

export const assignedLicense = z.looseObject({
  skuId: z.string(),
  disabledPlans: z.array(z.string()).default([]),
});

/** A Graph user with whichever properties were `$select`ed; only `id` is always present. */
export const graphUser = z.looseObject({
  id: z.string(),
  displayName: text,
  userPrincipalName: z.string().optional(),
  mail: text,
  mailNickname: text,
  userType: text,
  accountEnabled: z.boolean().nullish(),
  /** Comma-separated: `DisablePasswordExpiration`, `DisableStrongPassword`, `None`, or null. */
  passwordPolicies: text,
  passwordProfile: z.looseObject({ forceChangePasswordNextSignIn: z.boolean().nullish() }).nullish(),
  usageLocation: text,
  assignedLicenses: z.array(assignedLicense).optional(),
  city: text,
  country: text,
  officeLocation: text,
  createdDateTime: text,
  /** True for accounts synchronized from on-premises AD; null for cloud accounts. */
  onPremisesSyncEnabled: z.boolean().nullish(),
  onPremisesSamAccountName: text,
});
export type GraphUser = z.infer<typeof graphUser>;

/** A `/users/delta` entry: a (partial) user, or a removal marker. */
export const deltaUser = graphUser.extend({
  '@removed': z.looseObject({ reason: z.string().optional() }).optional(),
});

export const servicePlanInfo = z.looseObject({
  servicePlanId: z.string(),
  servicePlanName: z.string(),
  provisioningStatus: text,
  appliesTo: text,
});

export const licenseDetail = z.looseObject({
  id: z.string(),
  skuId: z.string(),
  skuPartNumber: z.string(),
  servicePlans: z.array(servicePlanInfo).default([]),
});
export type LicenseDetail = z.infer<typeof licenseDetail>;

export const subscribedSku = z.looseObject({
  id: z.string(),
  skuId: z.string(),
  skuPartNumber: z.string(),
  capabilityStatus: text,
  appliesTo: text,
  consumedUnits: z.number().int(),
  prepaidUnits: z.looseObject({
    enabled: z.number().int(),
    suspended: count,
    warning: count,
    lockedOut: count,
  }),
  servicePlans: z.array(servicePlanInfo).default([]),
});
export type SubscribedSku = z.infer<typeof subscribedSku>;

export const physicalAddress = z.looseObject({
  street: text,
  city: text,
  state: text,
  countryOrRegion: text,
  postalCode: text,
});

/** A Graph `room` place (`/places/microsoft.graph.room`, `/places/{id}`). */
export const graphRoom = z.looseObject({
  id: z.string(),
  emailAddress: z.string(),
  displayName: z.string(),
  nickname: text,
  building: text,
  floorNumber: count,
  floorLabel: text,
  capacity: count,
  label: text,
  phone: text,
  address: physicalAddress.nullish(),
  geoCoordinates: z.looseObject({ latitude: z.number().nullish(), longitude: z.number().nullish() }).nullish(),
  isWheelChairAccessible: z.boolean().nullish(),
  tags: z.array(z.string()).nullish(),
  audioDeviceName: text,
  videoDeviceName: text,
  displayDeviceName: text,
  bookingType: text,
});
export type GraphRoom = z.infer<typeof graphRoom>;

export const directoryRole = z.looseObject({
  id: z.string(),
  displayName: text,
  roleTemplateId: z.string(),
});
export type DirectoryRole = z.infer<typeof directoryRole>;

export const organization = z.looseObject({
  id: z.string(),
  displayName: text,
  tenantType: text,
  countryLetterCode: text,
  verifiedDomains: z
    .array(z.looseObject({ name: z.string(), isDefault: z.boolean().nullish(), isInitial: z.boolean().nullish() }))
    .default([]),
});
export type Organization = z.infer<typeof organization>;

/**
 * One page of an OData collection, its items unchecked: the envelope is strict, but each item is checked on its
 * own (GraphClient), so one malformed user or room is skipped and reported instead of failing the whole page.
 */
export const collectionEnvelope = z.looseObject({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
  '@odata.count': z.number().int().optional(),
});

export const batchResponse = z.looseObject({
  responses: z.array(
    z.looseObject({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

export const graphErrorBody = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string().default(''),
    innerError: z.looseObject({ 'request-id': z.string().optional() }).optional(),
  }),
});

// ---- Exchange (InvokeCommand) ----

/** The InvokeCommand envelope: cmdlet output in `value`, non-fatal messages in `@adminapi.warnings`. */
export function invokeCommandPage<T extends z.ZodType>(item: T) {
  return z.looseObject({
    value: z.array(item).default([]),
    '@odata.nextLink': z.string().optional(),
    '@adminapi.warnings': z.array(z.string()).default([]),
  });
}

export const exchangeMailbox = z.looseObject({
  Identity: text,
  Guid: text,
  /** The Entra user id of the mailbox: how mailboxes join Graph users. */
  ExternalDirectoryObjectId: text,
  UserPrincipalName: text,
  DisplayName: z.string(),
  Alias: text,
  PrimarySmtpAddress: z.string(),
  RecipientTypeDetails: z.string(),
  EmailAddresses: z.array(z.string()).nullish(),
  HiddenFromAddressListsEnabled: z.boolean().nullish(),
  MailTip: text,
  ResourceCapacity: count,
  Office: text,
});
export type ExchangeMailbox = z.infer<typeof exchangeMailbox>;

export const automateProcessing = z.enum(['None', 'AutoUpdate', 'AutoAccept']);

/** Get-CalendarProcessing: the required Teams Rooms checks (domain.md §1d) are strict, the extras optional. */
export const calendarProcessing = z.looseObject({
  Identity: text,
  AutomateProcessing: automateProcessing,
  AddOrganizerToSubject: z.boolean(),
  DeleteComments: z.boolean(),
  DeleteSubject: z.boolean(),
  RemovePrivateProperty: z.boolean(),
  ProcessExternalMeetingMessages: z.boolean(),
  AllowRecurringMeetings: z.boolean(),
  DeleteAttachments: z.boolean(),
  AddAdditionalResponse: z.boolean(),
  AdditionalResponse: text,
  AllowConflicts: z.boolean().optional(),
  BookingWindowInDays: z.number().int().optional(),
  MaximumDurationInMinutes: z.number().int().optional(),
  EnforceSchedulingHorizon: z.boolean().optional(),
  ScheduleOnlyDuringWorkHours: z.boolean().optional(),
  ConflictPercentageAllowed: z.number().int().optional(),
  MaximumConflictInstances: z.number().int().optional(),
  AllBookInPolicy: z.boolean().optional(),
  BookInPolicy: z.array(z.string()).nullish(),
  ResourceDelegates: z.array(z.string()).nullish(),
  EnforceCapacity: z.boolean().optional(),
});
export type CalendarProcessing = z.infer<typeof calendarProcessing>;

/** Get-Place for a room. */
export const exchangePlace = z.looseObject({
  Identity: z.string(),
  DisplayName: text,
  Building: text,
  Floor: count,
  FloorLabel: text,
  Capacity: count,
  Street: text,
  City: text,
  State: text,
  PostalCode: text,
  CountryOrRegion: text,
  Phone: text,
  GeoCoordinates: text,
  IsWheelChairAccessible: z.boolean().nullish(),
  Label: text,
  Tags: z.array(z.string()).nullish(),
  MTREnabled: z.boolean().nullish(),
  AudioDeviceName: text,
  VideoDeviceName: text,
  DisplayDeviceName: text,
  ParentId: text,
  ParentType: text,
});
export type ExchangePlace = z.infer<typeof exchangePlace>;

const exchangeErrorDetail = z.looseObject({ code: z.string().optional(), target: z.string().optional(), message: z.string().optional() });
const exchangeInternalException = z.looseObject({ message: z.string().optional(), type: z.string().optional() });

export const exchangeErrorBody = z.looseObject({
  error: z.looseObject({
    code: z.string().optional(),
    message: z.string().optional(),
    // Usually an array; accept a single object too.
    details: z
      .union([z.array(exchangeErrorDetail), exchangeErrorDetail])
      .transform((details) => (Array.isArray(details) ? details : [details]))
      .optional(),
    innererror: z
      .looseObject({
        message: z.string().optional(),
        type: z.string().optional(),
        internalexception: exchangeInternalException.optional(),
        internalException: exchangeInternalException.optional(),
      })
      .optional(),
  }),
});

// Evidence: docs/microsoft-365.md#exo-room-lists
/** A room list (Get-DistributionGroup -RecipientTypeDetails RoomList): the fields the Room Finder check uses. */
export const exchangeRoomList = z.looseObject({
  Name: z.string(),
  DisplayName: z.string().nullish(),
  PrimarySmtpAddress: z.string(),
});
export type ExchangeRoomList = z.infer<typeof exchangeRoomList>;

/** A member of a room list (Get-DistributionGroupMember): other recipient types pass through as long as they have an address. */
export const exchangeGroupMember = z.looseObject({
  PrimarySmtpAddress: z.string(),
  ExternalDirectoryObjectId: z.string().nullish(),
  RecipientTypeDetails: z.string().nullish(),
});
export type ExchangeGroupMember = z.infer<typeof exchangeGroupMember>;

// ---- Graph: sign-in health and Conditional Access (issue 14; docs/microsoft-365.md#graph-ca-policies ff.) ----

const ids = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);

/**
 * conditionalAccessPolicy: only what the evaluator reads is typed; conditions Microsoft adds later pass through,
 * and a missing optional block reads as "not set" (null), which the evaluator treats as "no condition".
 */
export const conditionalAccessPolicy = z.looseObject({
  id: z.string(),
  displayName: text,
  state: z.string(),
  conditions: z
    .looseObject({
      users: z
        .looseObject({ includeUsers: ids, excludeUsers: ids, includeGroups: ids, excludeGroups: ids, includeRoles: ids, excludeRoles: ids })
        .nullish(),
      applications: z
        .looseObject({
          includeApplications: ids,
          excludeApplications: ids,
          includeUserActions: ids,
          includeAuthenticationContextClassReferences: ids,
          applicationFilter: z.unknown().nullish(),
        })
        .nullish(),
      clientAppTypes: ids,
      platforms: z.looseObject({ includePlatforms: ids, excludePlatforms: ids }).nullish(),
      locations: z.looseObject({ includeLocations: ids, excludeLocations: ids }).nullish(),
      devices: z.looseObject({ deviceFilter: z.looseObject({ mode: text, rule: text }).nullish() }).nullish(),
      signInRiskLevels: ids,
      userRiskLevels: ids,
      authenticationFlows: z.looseObject({ transferMethods: text }).nullish(),
    })
    .nullish(),
  grantControls: z
    .looseObject({
      operator: text,
      builtInControls: ids,
      customAuthenticationFactors: ids,
      termsOfUse: ids,
      authenticationStrength: z.looseObject({ id: z.string(), displayName: text }).nullish(),
    })
    .nullish(),
  sessionControls: z
    .looseObject({
      signInFrequency: z.looseObject({ isEnabled: z.boolean().nullish(), value: count, type: text, frequencyInterval: text }).nullish(),
    })
    .nullish(),
});
export type GraphConditionalAccessPolicy = z.infer<typeof conditionalAccessPolicy>;

export const directoryObjectId = z.looseObject({ id: z.string() });

export const graphGroup = z.looseObject({ id: z.string(), displayName: text });

export const roleAssignment = z.looseObject({ principalId: z.string(), roleDefinitionId: z.string().optional(), directoryScopeId: text });

export const roleDefinition = z.looseObject({ id: z.string(), displayName: text });

export const securityDefaultsPolicy = z.looseObject({ isEnabled: z.boolean() });

/** `signInActivity` of a user; every date may be null (never, or before Microsoft started recording it). */
export const signInActivity = z.looseObject({
  lastSignInDateTime: text,
  lastNonInteractiveSignInDateTime: text,
  lastSuccessfulSignInDateTime: text,
});

export const userSignInActivity = z.looseObject({ id: z.string(), signInActivity: signInActivity.nullish() });

/** A sign-in log entry (`/auditLogs/signIns`): the fields the Sign-in tab shows. */
export const signInLogEntry = z.looseObject({
  id: z.string(),
  createdDateTime: z.string(),
  userId: text,
  appDisplayName: text,
  clientAppUsed: text,
  status: z.looseObject({ errorCode: z.number().int(), failureReason: text }),
  deviceDetail: z.looseObject({ operatingSystem: text }).nullish(),
  appliedConditionalAccessPolicies: z
    .array(
      z.looseObject({
        id: z.string(),
        displayName: text,
        result: text,
        enforcedGrantControls: ids,
      }),
    )
    .nullish(),
});
export type SignInLogEntry = z.infer<typeof signInLogEntry>;
