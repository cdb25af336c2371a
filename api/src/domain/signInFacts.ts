import type { SignInFailure } from '../../../contract/index.ts';

/**
 * What a sync reads for sign-in health and Conditional Access readiness (issue 14), in the shapes the pure
 * evaluators take. Evidence for each Microsoft shape: docs/microsoft-365.md#graph-sign-in and #graph-ca-policies.
 */

/** The fields of Graph's `conditionalAccessPolicy` we use; anything else Microsoft sends is ignored. */
export interface CaPolicy {
  id: string;
  displayName: string;
  /** `enabled`, `disabled` or `enabledForReportingButNotEnforced`; an unknown future value is kept as sent. */
  state: string;
  conditions: {
    users: {
      includeUsers: string[];
      excludeUsers: string[];
      includeGroups: string[];
      excludeGroups: string[];
      includeRoles: string[];
      excludeRoles: string[];
    };
    applications: {
      includeApplications: string[];
      excludeApplications: string[];
      includeUserActions: string[];
      includeAuthenticationContextClassReferences: string[];
      /** A filter on app attributes: present means we can't tell statically whether Teams' apps match. */
      hasApplicationFilter: boolean;
    };
    /** `all`, `browser`, `mobileAppsAndDesktopClients`, `exchangeActiveSync`, `other`. */
    clientAppTypes: string[];
    platforms: { includePlatforms: string[]; excludePlatforms: string[] } | null;
    locations: { includeLocations: string[]; excludeLocations: string[] } | null;
    /** A device filter's mode and rule, when the policy has one. */
    deviceFilter: { mode: string; rule: string } | null;
    signInRiskLevels: string[];
    userRiskLevels: string[];
    /** `authenticationFlows.transferMethods`, e.g. "deviceCodeFlow,authenticationTransfer"; null when absent. */
    transferMethods: string | null;
  };
  grantControls: {
    /** `AND` or `OR`. */
    operator: string;
    /** `mfa`, `block`, `compliantDevice`, `domainJoinedDevice`, `approvedApplication`, `compliantApplication`, `passwordChange`. */
    builtInControls: string[];
    customAuthenticationFactors: string[];
    termsOfUse: string[];
    authenticationStrength: { id: string; displayName: string } | null;
  } | null;
  sessionControls: {
    signInFrequency: { isEnabled: boolean; value: number | null; type: string | null; frequencyInterval: string | null } | null;
  } | null;
}

/** A group a policy includes or excludes: its name and which resource accounts are among its transitive members. */
export type CaGroup =
  | { displayName: string; status: 'ok'; resourceAccountIds: string[] }
  | { displayName: string | null; status: 'unavailable'; reason: string };

/** A directory role a policy includes or excludes (by role template id): the resource accounts that hold it. */
export type CaRole =
  | { displayName: string; status: 'ok'; resourceAccountIds: string[] }
  | { displayName: string | null; status: 'unavailable'; reason: string };

/**
 * The tenant's Conditional Access, read once per sync and kept with the tenant (like its room lists): the
 * policies, and each group and role they name read once, not once per account. Unavailable without Entra ID P1
 * or without a role that may read policies; the CA check is then unknown for every account, with the reason.
 */
export type ConditionalAccessFact =
  | {
      status: 'ok';
      readAt: string;
      policies: CaPolicy[];
      groups: Record<string, CaGroup>;
      roles: Record<string, CaRole>;
      /** Security defaults (`identitySecurityDefaultsEnforcementPolicy.isEnabled`); null when it could not be read. */
      securityDefaultsEnabled: boolean | null;
    }
  /** The tenant has no Entra ID P1: no CA policy can apply (Graph's documented 403 for premium features). */
  | { status: 'noPremium'; readAt: string; reason: string; securityDefaultsEnabled: boolean | null }
  /** The admin lacks a role or permission that may read policies, or the read failed: the reason says which. */
  | { status: 'unavailable'; readAt: string; reason: string };

/** One account's `signInActivity` (Graph), as read. */
export interface SignInActivityData {
  lastSignInDateTime: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastSuccessfulSignInDateTime: string | null;
}

/** One account's recent failed sign-ins from `/auditLogs/signIns`, newest first, bounded. */
export type SignInFailuresData = SignInFailure[];
