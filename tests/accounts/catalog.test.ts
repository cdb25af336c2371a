import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_BASELINE } from '../../api/src/accounts/baseline.ts';
import { CHECKS, CHECKS_BY_ID } from '../../api/src/accounts/checks/registry.ts';
import type { CheckDefinition } from '../../api/src/accounts/checks/types.ts';
import { ROLE_NAMES } from '../../api/src/auth/roles.ts';

/**
 * The catalog as the account page and the baseline page show it: each rule's group, label, the setting its
 * fix writes, default severity, the role that may change it, the value expected under the shipped baseline,
 * the PowerShell an admin copies, and how it is fixed (by Room Accounts, by the admin, or not at all).
 */
interface Card {
  id: string;
  group: CheckDefinition['group'];
  label: string;
  setting: string | null;
  severity: CheckDefinition['severity'];
  changeRole: string;
  expected: unknown;
  powershell: string;
  fix: 'auto' | 'manual' | 'none';
  optIn: boolean;
  /** The AD PowerShell for a synced account whose sAMAccountName is ID, when AD masters the setting. */
  onPremises: string | null;
}

const CATALOG: Card[] = [
  {
    id: 'passwordNeverExpires',
    group: 'account',
    label: 'Password never expires',
    setting: 'passwordPolicies',
    severity: 'required',
    changeRole: 'User Administrator',
    expected: 'DisablePasswordExpiration',
    powershell: 'Update-MgUser -UserId <upn> -PasswordPolicies DisablePasswordExpiration',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'accountEnabled',
    group: 'account',
    label: 'Sign-in allowed',
    setting: 'accountEnabled',
    severity: 'required',
    changeRole: 'User Administrator',
    expected: true,
    powershell: 'Update-MgUser -UserId <upn> -AccountEnabled:$true',
    fix: 'auto',
    optIn: false,
    onPremises: 'Enable-ADAccount -Identity ID',
  },
  {
    id: 'noForcedPasswordChange',
    group: 'account',
    label: 'Password change forced at next sign-in',
    setting: 'forceChangePasswordNextSignIn',
    severity: 'required',
    changeRole: 'User Administrator',
    expected: false,
    powershell: 'Update-MgUser -UserId <upn> -PasswordProfile @{ Password = "<new password>"; ForceChangePasswordNextSignIn = $false }',
    fix: 'manual',
    optIn: false,
    onPremises: 'Set-ADUser -Identity ID -ChangePasswordAtLogon $false   # then set the new password on the device',
  },
  {
    id: 'usageLocationSet',
    group: 'account',
    label: 'Usage location',
    setting: 'usageLocation',
    severity: 'recommended',
    changeRole: 'License Administrator',
    expected: "the room's country",
    powershell: 'Update-MgUser -UserId <upn> -UsageLocation US',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'upnMatchesSmtp',
    group: 'account',
    label: 'UPN matches primary email address',
    setting: null,
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: 'UPN = primary SMTP address',
    powershell: 'Set-Mailbox -Identity <upn> -WindowsEmailAddress <upn>   # or Update-MgUser -UserId <upn> -UserPrincipalName <smtp>',
    fix: 'manual',
    optIn: false,
    onPremises: 'Set-ADUser -Identity ID -UserPrincipalName <primary SMTP address>',
  },
  {
    id: 'roomMailboxType',
    group: 'account',
    label: 'Room mailbox',
    setting: null,
    severity: 'recommended',
    changeRole: 'Exchange Recipient Administrator',
    expected: 'RoomMailbox',
    powershell: 'Set-Mailbox -Identity <upn> -Type Room',
    fix: 'none',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'teamsRoomsLicense',
    group: 'license',
    label: 'Teams Rooms license',
    setting: 'license',
    severity: 'required',
    changeRole: 'License Administrator',
    expected: 'Microsoft Teams Rooms Pro',
    powershell: "Set-MgUserLicense -UserId <upn> -AddLicenses @{SkuId='4cde982a-ede4-4409-9ae6-b003453c8ea6'} -RemoveLicenses @()",
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'notOnlySharedDevices',
    group: 'license',
    label: 'Not licensed only for Shared Devices',
    setting: null,
    severity: 'recommended',
    changeRole: 'License Administrator',
    expected: 'a Teams Rooms license',
    powershell:
      "Set-MgUserLicense -UserId <upn> -AddLicenses @{SkuId='<Teams Rooms skuId>'} -RemoveLicenses @('295a8eb0-f78d-45c7-8b5b-1eed5ed02dff')",
    fix: 'none',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'basicLicenseCap',
    group: 'license',
    label: 'Within the Teams Rooms Basic cap',
    setting: null,
    severity: 'recommended',
    changeRole: 'License Administrator',
    expected: 'at most 25 Basic licenses in the tenant',
    powershell:
      "Get-MgSubscribedSku | Where-Object SkuPartNumber -like 'Microsoft_Teams_Rooms_Basic*' | Select-Object SkuPartNumber, ConsumedUnits",
    fix: 'none',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'automateProcessing',
    group: 'mailbox',
    label: 'Meeting request handling',
    setting: 'AutomateProcessing',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: 'AutoAccept',
    powershell: 'Set-CalendarProcessing -Identity <upn> -AutomateProcessing <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'addOrganizerToSubject',
    group: 'mailbox',
    label: "Add the organizer's name to the subject",
    setting: 'AddOrganizerToSubject',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: false,
    powershell: 'Set-CalendarProcessing -Identity <upn> -AddOrganizerToSubject <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'deleteComments',
    group: 'mailbox',
    label: 'Delete the meeting body',
    setting: 'DeleteComments',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: false,
    powershell: 'Set-CalendarProcessing -Identity <upn> -DeleteComments <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'deleteSubject',
    group: 'mailbox',
    label: "Delete the subject from the room's calendar",
    setting: 'DeleteSubject',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: false,
    powershell: 'Set-CalendarProcessing -Identity <upn> -DeleteSubject <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'removePrivateProperty',
    group: 'mailbox',
    label: 'Remove the private flag',
    setting: 'RemovePrivateProperty',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: false,
    powershell: 'Set-CalendarProcessing -Identity <upn> -RemovePrivateProperty <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'processExternalMeetingMessages',
    group: 'mailbox',
    label: 'Accept meetings from outside the organization',
    setting: 'ProcessExternalMeetingMessages',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: true,
    powershell: 'Set-CalendarProcessing -Identity <upn> -ProcessExternalMeetingMessages <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'allowRecurringMeetings',
    group: 'mailbox',
    label: 'Allow recurring meetings',
    setting: 'AllowRecurringMeetings',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: true,
    powershell: 'Set-CalendarProcessing -Identity <upn> -AllowRecurringMeetings <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'deleteAttachments',
    group: 'mailbox',
    label: 'Delete attachments',
    setting: 'DeleteAttachments',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: true,
    powershell: 'Set-CalendarProcessing -Identity <upn> -DeleteAttachments <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'addAdditionalResponse',
    group: 'mailbox',
    label: 'Send an additional response',
    setting: 'AddAdditionalResponse',
    severity: 'required',
    changeRole: 'Exchange Recipient Administrator',
    expected: true,
    powershell: 'Set-CalendarProcessing -Identity <upn> -AddAdditionalResponse <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'additionalResponseText',
    group: 'mailbox',
    label: 'Additional response text',
    setting: 'AdditionalResponse',
    severity: 'recommended',
    changeRole: 'Exchange Recipient Administrator',
    expected: 'This is a Microsoft Teams Meeting room!',
    powershell: 'Set-CalendarProcessing -Identity <upn> -AdditionalResponse "This is a Microsoft Teams Meeting room!"',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'allowConflicts',
    group: 'mailbox',
    label: 'Allow conflicting meetings',
    setting: 'AllowConflicts',
    severity: 'recommended',
    changeRole: 'Exchange Recipient Administrator',
    expected: false,
    powershell: 'Set-CalendarProcessing -Identity <upn> -AllowConflicts <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'bookingWindow',
    group: 'mailbox',
    label: 'Booking window',
    setting: 'BookingWindowInDays',
    severity: 'recommended',
    changeRole: 'Exchange Recipient Administrator',
    expected: { min: 1, max: 365, recommended: 180 },
    powershell: 'Set-CalendarProcessing -Identity <upn> -BookingWindowInDays <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'maximumDuration',
    group: 'mailbox',
    label: 'Maximum meeting length',
    setting: 'MaximumDurationInMinutes',
    severity: 'recommended',
    changeRole: 'Exchange Recipient Administrator',
    expected: { min: 30, max: 1440, recommended: 1440 },
    powershell: 'Set-CalendarProcessing -Identity <upn> -MaximumDurationInMinutes <value>',
    fix: 'auto',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'placeDetails',
    group: 'location',
    label: 'Building, capacity and city set',
    setting: null,
    severity: 'recommended',
    changeRole: 'Exchange Administrator',
    expected: 'building, capacity and city',
    powershell: 'Set-Place -Identity <upn> -Building "<building>" -Capacity <n> -City "<city>"',
    fix: 'none',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'inRoomList',
    group: 'location',
    label: 'In a room list',
    setting: 'roomList',
    severity: 'recommended',
    changeRole: 'Exchange Recipient Administrator',
    expected: 'a room list (Rooms - {building})',
    powershell:
      'Add-DistributionGroupMember -Identity "Rooms - <building>" -Member <upn>   # or first: New-DistributionGroup -Name "Rooms - <building>" -RoomList',
    fix: 'auto',
    optIn: true,
    onPremises: null,
  },
  {
    id: 'signedInRecently',
    group: 'signIn',
    label: 'Signed in successfully recently',
    setting: null,
    severity: 'recommended',
    changeRole: 'User Administrator',
    expected: 'a successful sign-in within the last 7 days',
    powershell:
      'Get-MgUser -UserId <upn> -Property SignInActivity | Select-Object -ExpandProperty SignInActivity   # then: Get-MgAuditLogSignIn -Filter "userId eq \'<id>\'" -Top 10',
    fix: 'manual',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'conditionalAccessReady',
    group: 'signIn',
    label: 'Conditional Access lets Teams Rooms sign in',
    setting: null,
    severity: 'required',
    changeRole: 'Conditional Access Administrator',
    expected: "no enabled policy Teams Rooms can't satisfy",
    powershell:
      'Get-MgIdentityConditionalAccessPolicy | Where-Object State -ne "disabled" | Select-Object DisplayName, State, @{n="ExcludeGroups";e={$_.Conditions.Users.ExcludeGroups}}   # fix: New-MgGroupMember -GroupId <exclusion group id> -DirectoryObjectId <account id>',
    fix: 'manual',
    optIn: false,
    onPremises: null,
  },
  {
    id: 'conditionalAccessConditional',
    group: 'signIn',
    label: 'Conditional Access is certain to let Teams Rooms sign in',
    setting: null,
    severity: 'recommended',
    changeRole: 'Conditional Access Administrator',
    expected: 'no policy that depends on sign-in conditions or is report-only',
    powershell:
      'Get-MgIdentityConditionalAccessPolicy | Where-Object State -ne "disabled" | Select-Object DisplayName, State, @{n="ExcludeGroups";e={$_.Conditions.Users.ExcludeGroups}}   # fix: New-MgGroupMember -GroupId <exclusion group id> -DirectoryObjectId <account id>',
    fix: 'manual',
    optIn: false,
    onPremises: null,
  },
];

function cardOf(check: CheckDefinition): Card {
  return {
    id: check.id,
    group: check.group,
    label: check.label,
    setting: check.setting ?? null,
    severity: check.severity,
    changeRole: ROLE_NAMES[check.changeRole] ?? check.changeRole,
    expected: check.expected(DEFAULT_BASELINE),
    powershell: check.powershell,
    fix: check.fix ? 'auto' : check.manualFix ? 'manual' : 'none',
    optIn: check.optIn === true,
    onPremises: check.onPremises ? check.onPremises('ID') : null,
  };
}

describe('checks catalog, rule by rule', () => {
  it('lists the rules in the account page’s order', () => {
    assert.deepEqual(
      CHECKS.map((check) => check.id),
      CATALOG.map((card) => card.id),
    );
  });

  for (const card of CATALOG) {
    it(`${card.id}: ${card.label}`, () => {
      const check = CHECKS_BY_ID.get(card.id);
      assert.ok(check, card.id);
      assert.deepEqual(cardOf(check), card);
    });
  }

  it('expected values follow the tenant’s baseline', () => {
    const baseline = {
      ...DEFAULT_BASELINE,
      usageLocation: 'DE',
      licenseSkuId: '6af4b3d6-14bb-4a2a-960c-6c902aad34f3',
      roomListName: 'RL {building}',
      calendarProcessing: { ...DEFAULT_BASELINE.calendarProcessing, AllowConflicts: true, AdditionalResponse: 'Hi' },
    };
    const expected = (id: string) => CHECKS_BY_ID.get(id)?.expected(baseline);
    assert.deepEqual(['usageLocationSet', 'teamsRoomsLicense', 'inRoomList', 'allowConflicts', 'additionalResponseText'].map(expected), [
      'DE',
      'Microsoft Teams Rooms Basic',
      'a room list (RL {building})',
      true,
      'Hi',
    ]);
  });
});
