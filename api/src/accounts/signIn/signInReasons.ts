/**
 * Plain-language reasons for the Entra sign-in error codes that sign a Teams Rooms device out, in words an admin
 * can act on. Each meaning is Microsoft's, from Learn "Microsoft Entra authentication and authorization error codes"
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes, MicrosoftDocs/entra-docs
 * docs/identity-platform/reference-error-codes.md); the code's name there is in the comment. Microsoft warns the
 * codes can change, so an unknown code falls back to the sign-in's own `failureReason`.
 */
const REASONS: Record<number, string> = {
  // UserStrongAuthClientAuthNRequired
  50076: 'MFA required: a Conditional Access policy or per-user MFA demands multifactor authentication, which a room cannot do',
  // UserStrongAuthEnrollmentRequired
  50079: 'MFA registration required: the account must register security info for multifactor authentication, which a room cannot do',
  // UserStrongAuthEnrollmentRequiredInterrupt
  50072: 'MFA registration required: the account must enroll for a second factor, which a room cannot do',
  // UserStrongAuthClientAuthNRequiredInterrupt
  50074: 'MFA required and not completed: strong authentication is required and the sign-in did not pass the MFA challenge',
  // ExternalSecurityChallenge
  50158: 'An external security challenge (a custom control or federated MFA) was not satisfied',
  // InvalidUserNameOrPassword
  50126: 'Wrong user name or password: the password stored on the device no longer matches',
  // UserDisabled
  50057: 'The account is disabled',
  // InvalidPasswordExpiredPassword
  50055: 'The password expired: set a new one and exempt the account from expiry',
  // InvalidPasswordExpiredOnPremPassword
  50144: 'The on-premises Active Directory password expired',
  // IdsLocked (or a sign-in from an IP address with malicious activity)
  50053: 'Locked: too many sign-ins with a wrong password, or sign-ins from an IP address with malicious activity',
  // UserAccountNotFound
  50034: 'The account does not exist in this tenant (deleted or renamed?)',
  // BlockedByConditionalAccess
  53003: 'Blocked by a Conditional Access policy',
  // DeviceNotCompliant
  53000: 'A Conditional Access policy requires a compliant device, and the device is not compliant',
  // DeviceNotDomainJoined
  53001: 'A Conditional Access policy requires a domain-joined device, which Teams Rooms does not support',
  // ApplicationUsedIsNotAnApprovedApp
  53002: 'A Conditional Access policy requires an approved client app, which Teams Rooms does not support',
  // DevicePolicyError
  50005: 'A Conditional Access policy blocks the device platform',
  // ConditionalAccessFailed
  50131: 'Conditional Access failed (device state, suspicious activity, or an access or security policy)',
  // BlockedByConditionalAccessOnSecurityPolicy
  530032: 'Blocked by a tenant security policy',
  // BlockedBySecurityDefaults
  530035: 'Blocked by security defaults, which Teams shared devices do not support',
  // BadTokenDueToSignInFrequency
  70043: 'Signed out by a Conditional Access sign-in frequency policy: someone must sign the device in again',
  // ExpiredOrRevokedGrantInactiveToken
  700082: 'The session expired after a long time unused: someone must sign the device in again',
  // FreshTokenNeeded
  50173: 'The session was revoked (an administrator or the user revoked its tokens): someone must sign the device in again',
  // SsoArtifactInvalidOrExpired
  50132: 'The session ended because the password expired or was changed: update the password on the device',
  // SsoArtifactRevoked
  50133: 'The session ended because the password expired or was changed: update the password on the device',
  // PasswordChangeCompromisedPassword
  50135: 'A password change is required because of account risk',
  // EntitlementGrantsNotFound
  50105: 'The account is not assigned to the application it signed in to',
  // UnauthorizedClientApplicationDisabled
  7000112: 'The application the device signs in with is disabled in this tenant',
};

/**
 * 70044 is not in Learn's table (*unverified*): public logs quote it as a session that "expired under conditional
 * access sign-in frequency checks", next to 70043. Worded like 70043, with "apparently", without claiming more.
 */
const UNVERIFIED: Record<number, string> = {
  70044: 'The session expired, apparently because of a Conditional Access sign-in frequency policy: someone must sign the device in again',
};

/** The reason an admin reads for a failed sign-in: ours for the codes that matter to Teams Rooms, Microsoft's otherwise. */
export function signInReason(errorCode: number, failureReason: string | null): string {
  const known = REASONS[errorCode] ?? UNVERIFIED[errorCode];
  if (known) return known;
  const microsoft = failureReason?.trim();
  return microsoft ? microsoft : `Sign-in error ${errorCode}`;
}
