// @ts-nocheck
import { defaultCalendarProcessing, type EmMailbox, type EmUser } from '../model.ts';
import type { SeededRandom } from '../random.ts';
import type { Building } from './layout.ts';
import { asciiLabel, DEPARTMENTS, GIVEN_NAMES, PARTNER_DOMAINS, SURNAMES } from './names.ts';

export interface PeopleOptions {
  random: SeededRandom;
  domain: string;
  buildings: readonly Building[];
  e3SkuId: string;
  created: () => string;
  /** Aliases already taken in the tenant; new ones are added. */
  usedAliases: Set<string>;
}

/** An ordinary licensed employee with a user mailbox: present in every real tenant, never a resource account. */
export function draftEmployee(options: PeopleOptions): { user: EmUser; mailbox: EmMailbox } {
  const { random, domain } = options;
  const given = random.pick(GIVEN_NAMES);
  const surname = random.pick(SURNAMES);
  const alias = uniqueAlias(`${asciiLabel(given)}.${asciiLabel(surname)}`, options.usedAliases);
  const building = random.pick(options.buildings);
  const { department, titles } = random.pick(DEPARTMENTS);
  const smtp = `${alias}@${domain}`;
  const id = random.uuid();
  const displayName = `${given} ${surname}`;
  const user: EmUser = {
    id,
    displayName,
    givenName: given,
    surname,
    userPrincipalName: smtp,
    mail: smtp,
    mailNickname: alias.replace('.', ''),
    userType: 'Member',
    accountEnabled: true,
    passwordPolicies: null,
    passwordProfile: { forceChangePasswordNextSignIn: false },
    usageLocation: building.site.countryCode,
    city: building.site.city,
    country: building.site.country,
    officeLocation: building.label,
    jobTitle: random.pick(titles),
    department,
    createdDateTime: options.created(),
    assignedLicenses: [{ skuId: options.e3SkuId, disabledPlans: [] }],
    roleTemplateIds: [],
  };
  const mailbox: EmMailbox = {
    guid: random.uuid(),
    userId: id,
    alias: user.mailNickname,
    displayName,
    primarySmtpAddress: smtp,
    emailAddresses: [`SMTP:${smtp}`],
    recipientTypeDetails: 'UserMailbox',
    hiddenFromAddressListsEnabled: false,
    mailTip: null,
    resourceCapacity: null,
    office: building.label,
    calendarProcessing: { ...defaultCalendarProcessing(), AutomateProcessing: 'AutoUpdate' },
  };
  return { user, mailbox };
}

/** A B2B guest from a partner: `#EXT#` UPN, no license, no mailbox. */
export function draftGuest(options: PeopleOptions): EmUser {
  const { random, domain } = options;
  const given = random.pick(GIVEN_NAMES);
  const surname = random.pick(SURNAMES);
  const partner = random.pick(PARTNER_DOMAINS);
  const external = `${uniqueAlias(`${asciiLabel(given)}.${asciiLabel(surname)}`, options.usedAliases, `@${partner}`)}@${partner}`;
  const local = external.replace('@', '_');
  return {
    id: random.uuid(),
    displayName: `${given} ${surname} (${partner})`,
    givenName: given,
    surname,
    userPrincipalName: `${local}#EXT#@${domain}`,
    mail: external,
    mailNickname: local,
    userType: 'Guest',
    accountEnabled: true,
    passwordPolicies: null,
    passwordProfile: { forceChangePasswordNextSignIn: false },
    usageLocation: null,
    city: null,
    country: null,
    officeLocation: null,
    jobTitle: null,
    department: null,
    createdDateTime: options.created(),
    assignedLicenses: [],
    roleTemplateIds: [],
  };
}

/** `base`, or `base2`, `base3`... whichever is free; `scope` keeps aliases of different domains apart. */
function uniqueAlias(base: string, used: Set<string>, scope = ''): string {
  let alias = base;
  for (let suffix = 2; used.has(alias + scope); suffix += 1) alias = `${base}${suffix}`;
  used.add(alias + scope);
  return alias;
}
