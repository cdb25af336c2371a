/**
 * What a Teams Rooms sign-in touches and which Conditional Access controls it can satisfy, as Microsoft documents
 * it. The evaluator (conditionalAccess.ts) reads only these tables, so a change in Microsoft's guidance is a
 * change here.
 *
 * Sources:
 * - SUPPORTED: Learn "Supported Conditional Access and Intune device compliance policies for Microsoft Teams Rooms"
 *   https://learn.microsoft.com/microsoftteams/rooms/supported-ca-and-compliance-policies
 *   (MicrosoftDocs/OfficeDocs-SkypeForBusiness Teams/rooms/supported-ca-and-compliance-policies.md).
 * - BEST_PRACTICE: Learn "Conditional Access and Intune compliance for Microsoft Teams Rooms and panels"
 *   https://learn.microsoft.com/microsoftteams/rooms/conditional-access-and-compliance-for-devices
 * - APP_IDS: Learn "Verify first-party Microsoft applications in sign-in reports"
 *   https://learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in
 * - OFFICE_365: Learn "Apps included in Conditional Access Office 365 app suite"
 *   https://learn.microsoft.com/entra/identity/conditional-access/reference-office-365-application-contents
 */

export const SUPPORTED_CA_URL = 'https://learn.microsoft.com/microsoftteams/rooms/supported-ca-and-compliance-policies';
export const CA_BEST_PRACTICE_URL = 'https://learn.microsoft.com/microsoftteams/rooms/conditional-access-and-compliance-for-devices';

/** A cloud app a Teams Rooms device signs in to, and whether the Office 365 app group covers it. */
interface TeamsRoomsApp {
  id: string;
  name: string;
  inOffice365: boolean;
}

/**
 * SUPPORTED: "For functionality, don't block access to: Office 365, Office 365 SharePoint Online, Microsoft Teams
 * Services, & Device Registration Service"; its earlier revisions name Office 365 Exchange Online too. Skype for
 * Business Online is retired but still in the Office 365 group (OFFICE_365); kept because a policy naming it was
 * written for Teams devices. IDs from APP_IDS ("Device Registration Service" is not in that table: its ID is the
 * one Entra's device-registration docs and Microsoft's sign-in logs use, *unverified* against a Learn table).
 */
export const TEAMS_ROOMS_APPS: readonly TeamsRoomsApp[] = [
  { id: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', name: 'Microsoft Teams Services', inOffice365: true },
  { id: '00000002-0000-0ff1-ce00-000000000000', name: 'Office 365 Exchange Online', inOffice365: true },
  { id: '00000003-0000-0ff1-ce00-000000000000', name: 'Office 365 SharePoint Online', inOffice365: true },
  { id: '00000004-0000-0ff1-ce00-000000000000', name: 'Skype for Business Online', inOffice365: true },
  { id: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', name: 'Device Registration Service', inOffice365: false },
];

/** The device platforms Teams Rooms runs on (Windows; Android for Teams Rooms on Android and panels), as Graph names them. */
export const TEAMS_ROOMS_PLATFORMS = [
  { value: 'windows', name: 'Teams Rooms on Windows' },
  { value: 'android', name: 'Teams Rooms on Android and panels' },
] as const;

/**
 * Built-in grant controls (Graph `builtInControls`) and whether Teams Rooms can satisfy them (SUPPORTED, Grant):
 * only "Require device to be marked as compliant" is Supported; MFA, hybrid join, approved client app, app
 * protection policy and password change are Not supported. "Block access" is supported as a policy, but it blocks.
 * The words say what the room can't do, for the account page.
 */
export const BUILT_IN_CONTROLS: Record<string, { supported: boolean; words: string }> = {
  compliantDevice: { supported: true, words: 'requires a compliant device' },
  block: { supported: false, words: 'blocks access' },
  mfa: { supported: false, words: 'requires multifactor authentication (a room has no second device to approve it)' },
  domainJoinedDevice: { supported: false, words: 'requires a Microsoft Entra hybrid joined device' },
  approvedApplication: { supported: false, words: 'requires an approved client app' },
  compliantApplication: { supported: false, words: 'requires an app protection policy' },
  passwordChange: { supported: false, words: 'requires a password change' },
};

/**
 * Authentication strength: SUPPORTED "Require authentication strength: Not supported" and "Authentication Strength
 * including but not limited to, FIDO2 Security keys, is not supported". Terms of use and custom controls are not in
 * Microsoft's table; both need a person to accept or answer an interactive prompt, which an unattended room can't
 * (*unverified*: treated as unsupported). An unknown future built-in control is treated as unsupported too: a room
 * can satisfy only what Microsoft lists as Supported.
 */
export const UNKNOWN_CONTROL_WORDS = (control: string) => `requires ${control} (not in Microsoft's list of controls Teams Rooms supports)`;

/**
 * SUPPORTED, Authentication flows: "Not supported. Device code flow is required for sign in" (Teams Rooms on
 * Android and panels, earlier revision) and "To use remote sign-in, don't block Device code flow" (current).
 * Teams Rooms on Windows doesn't sign in with device code flow, so a policy on that flow depends on the platform.
 */
export const DEVICE_CODE_FLOW = 'deviceCodeFlow';

/**
 * Client apps (Graph `clientAppTypes`): a Teams Rooms device signs in with the Teams app, a modern-auth desktop or
 * mobile client, so `all` and `mobileAppsAndDesktopClients` reach it; a policy only on `browser`, `exchangeActiveSync`
 * or `other` (legacy authentication) doesn't. Microsoft's support article "MTR devices can't fetch calendar from
 * Exchange Online" (MicrosoftDocs/SupportArticles-docs Teams/teams-rooms-and-devices/mtr-device-cannot-fetch-calendar.md)
 * shows the one case where it does: a room with modern authentication turned off, blocked (53003, clientAppUsed
 * "AutoDiscover") by a policy that blocks basic authentication; its fix is turning modern authentication on at the
 * device, not changing the policy. So a legacy-authentication block is not reported against a room.
 */
export const CLIENT_APP_TYPES_REACHING_ROOMS = ['all', 'mobileAppsAndDesktopClients'];

/**
 * Sign-in frequency (session control). SUPPORTED lists it as Supported but warns: "using the sign-in frequency
 * policy causes devices to periodically sign out" ("This is expected behavior" for Teams Android devices), and
 * "configuring sign-in frequency on individual Microsoft 365 services can interrupt or stop the Teams Device sign in
 * flow and isn't supported". A room that signs out waits for someone on site, so we report it as one Teams Rooms
 * can't live with, in those words.
 */
export function signInFrequencyWords(frequency: { value: number | null; type: string | null; frequencyInterval: string | null }): string {
  if (frequency.frequencyInterval === 'everyTime')
    return 'requires a fresh sign-in every time (sign-in frequency): the device signs out and waits for someone on site';
  const every = frequency.value != null && frequency.type ? `every ${frequency.value} ${frequency.type}` : 'periodically';
  return `signs the device out ${every} (sign-in frequency): someone must sign it in again on site`;
}

/**
 * Security defaults: "Teams shared devices do not support Security defaults in Microsoft Entra ID. Use conditional
 * access to secure your environment and Teams shared devices." (Learn "Create resource accounts for rooms and shared
 * Teams devices", https://learn.microsoft.com/microsoftteams/rooms/create-resource-account). They are switched off
 * under Entra ID > Overview > Properties > Manage security defaults; the link opens that Overview (the form Microsoft's
 * own docs link to, e.g. Learn's tenant-ID how-tos).
 */
export const SECURITY_DEFAULTS_URL = 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/TenantOverview.ReactView';
export const SECURITY_DEFAULTS_WORDS =
  'requires multifactor authentication registration and prompts for every account: Teams shared devices do not support security defaults';

/**
 * A policy's page in the Entra admin center. Microsoft documents no deep-link form; this is the one production tools
 * link to (Maester's Conditional Access tests, maester365/maester, build
 * `https://entra.microsoft.com/#view/Microsoft_AAD_ConditionalAccess/PolicyBlade/policyId/{id}`), *unverified* on Learn.
 */
export function policyPortalUrl(policyId: string): string {
  return `https://entra.microsoft.com/#view/Microsoft_AAD_ConditionalAccess/PolicyBlade/policyId/${encodeURIComponent(policyId)}`;
}
