// Evidence: docs/microsoft-365.md#exo-set-mailbox
import type { EmMailbox, EmUser, RecipientTypeDetails, Tenant } from '../../tenant/model.ts';
import { cmdletErrors } from '../errors.ts';
import { bool, enumeration, identity, int, INT32_MAX, type Parameter, psDisplay, text } from '../parameters.ts';
import { MAILBOX_ID_TYPE, requireMailbox } from './recipients.ts';
import { type CmdletEnv, defineCmdlet, unchangedWarning } from './types.ts';

/** Set-Mailbox -Type values and the RecipientTypeDetails each converts the mailbox to. */
const CONVERSIONS = {
  Regular: 'UserMailbox',
  Room: 'RoomMailbox',
  Equipment: 'EquipmentMailbox',
  Shared: 'SharedMailbox',
} as const satisfies Record<string, RecipientTypeDetails>;
const CONVERSION_NAMES = Object.keys(CONVERSIONS) as (keyof typeof CONVERSIONS)[];

const DATA_VALIDATION = 'Microsoft.Exchange.Data.DataValidationException';

/** An SMTP address parameter, with Exchange's format message. */
const smtpAddress: Parameter<string> = {
  convert(name, raw) {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return value;
    throw cmdletErrors.transformation(
      name,
      `Cannot convert value "${psDisplay(raw)}" to type "Microsoft.Exchange.Data.SmtpAddress". Error: "The email address "${psDisplay(raw)}" isn't correct. Please use this format: user name, the @ sign, followed by the domain name. For example, tonysmith@contoso.com or tony.smith@contoso.com."`,
    );
  },
};

/**
 * Set-Mailbox for the properties Room Accounts reads and fixes. Directory-backed properties (DisplayName, Office,
 * the primary address, the room account) also change the Entra user, which is recorded for /users/delta.
 */
export const setMailbox = defineCmdlet({
  name: 'Set-Mailbox',
  right: 'writeRecipients',
  parameters: {
    Identity: identity(MAILBOX_ID_TYPE),
    DisplayName: text,
    HiddenFromAddressListsEnabled: bool,
    MailTip: text,
    Office: text,
    ResourceCapacity: int({ min: 0, max: INT32_MAX, nullable: true }),
    Type: enumeration('Microsoft.Exchange.Data.Directory.Recipient.ConvertibleMailboxSubType', CONVERSION_NAMES),
    EnableRoomMailboxAccount: bool,
    RoomMailboxPassword: text,
    WindowsEmailAddress: smtpAddress,
    PrimarySmtpAddress: smtpAddress,
    Confirm: bool,
  },
  mandatory: ['Identity'],
  run(args, env) {
    const { mailbox, owner } = requireMailbox(env, args.Identity);
    const nextMailbox = structuredClone(mailbox);
    const nextOwner = structuredClone(owner);

    if (args.DisplayName !== undefined) {
      if (args.DisplayName === null) throw invalid("The DisplayName property can't be empty.", 'ExA3C1F0');
      nextMailbox.displayName = args.DisplayName;
      nextOwner.displayName = args.DisplayName;
    }
    if (args.HiddenFromAddressListsEnabled !== undefined) nextMailbox.hiddenFromAddressListsEnabled = args.HiddenFromAddressListsEnabled;
    if (args.MailTip !== undefined) nextMailbox.mailTip = args.MailTip;
    if (args.Office !== undefined) {
      nextMailbox.office = args.Office;
      nextOwner.officeLocation = args.Office;
    }
    if (args.ResourceCapacity !== undefined) nextMailbox.resourceCapacity = args.ResourceCapacity;
    if (args.Type !== undefined) nextMailbox.recipientTypeDetails = CONVERSIONS[args.Type];

    const address = primaryAddressArgument(args.PrimarySmtpAddress, args.WindowsEmailAddress);
    if (address !== undefined && address !== mailbox.primarySmtpAddress) {
      checkAddressIsFree(env, address, mailbox, owner);
      setPrimaryAddress(nextMailbox, nextOwner, address);
    }

    const passwordGiven = args.RoomMailboxPassword !== undefined;
    if (args.EnableRoomMailboxAccount !== undefined || passwordGiven) {
      if (nextMailbox.recipientTypeDetails !== 'RoomMailbox') {
        throw invalid('The EnableRoomMailboxAccount and RoomMailboxPassword parameters can only be used with room mailboxes.', 'Ex8B2D44');
      }
      if (args.EnableRoomMailboxAccount === true && !args.RoomMailboxPassword) {
        throw invalid('To enable the room mailbox account, specify a password with the RoomMailboxPassword parameter.', 'Ex5E0F1A');
      }
      if (passwordGiven) checkPasswordComplexity(args.RoomMailboxPassword ?? '');
      if (args.EnableRoomMailboxAccount !== undefined) nextOwner.accountEnabled = args.EnableRoomMailboxAccount;
    }

    const mailboxChanged = JSON.stringify(nextMailbox) !== JSON.stringify(mailbox);
    const ownerChanged = JSON.stringify(nextOwner) !== JSON.stringify(owner) || passwordGiven;
    if (!mailboxChanged && !ownerChanged) return { value: [], warnings: [unchangedWarning(mailbox.alias)] };

    const target = mailbox.primarySmtpAddress;
    syncPlace(env.tenant, mailbox, nextMailbox);
    Object.assign(mailbox, nextMailbox);
    Object.assign(owner, nextOwner);
    if (ownerChanged) env.tenant.touchUser(owner.id);
    env.stats.write('Set-Mailbox', target);
    return { value: [], warnings: [] };
  },
});

function invalid(message: string, errorId: string) {
  return cmdletErrors.task(DATA_VALIDATION, message, errorId);
}

function primaryAddressArgument(primary: string | undefined, windows: string | undefined): string | undefined {
  if (primary !== undefined && windows !== undefined && primary.toLowerCase() !== windows.toLowerCase()) {
    throw invalid(
      "The PrimarySmtpAddress and WindowsEmailAddress parameters can't be set to different values in the same command.",
      'Ex9C7E20',
    );
  }
  return primary ?? windows;
}

/** The new address must be in an accepted domain and not be another recipient's address. */
function checkAddressIsFree(env: CmdletEnv, address: string, mailbox: EmMailbox, owner: EmUser): void {
  const lower = address.toLowerCase();
  const domain = lower.slice(lower.lastIndexOf('@') + 1);
  if (!acceptedDomains(env.tenant).has(domain)) {
    throw invalid(`The domain '${domain}' isn't an accepted domain for your organization.`, 'Ex4F1B9D');
  }
  const takenByMailbox = [...env.tenant.mailboxes.values()].find(
    (other) => other !== mailbox && other.emailAddresses.some((entry) => entry.toLowerCase() === `smtp:${lower}`),
  );
  const takenByUser = [...env.tenant.users.values()].find(
    (other) => other !== owner && (other.userPrincipalName.toLowerCase() === lower || other.mail?.toLowerCase() === lower),
  );
  const holder = takenByMailbox?.displayName ?? takenByUser?.displayName;
  if (holder !== undefined) {
    throw invalid(
      `The proxy address "SMTP:${address}" is already being used by the proxy addresses or LegacyExchangeDN of "${holder}". Please choose another proxy address.`,
      'Ex2C5D3A',
    );
  }
}

/** The tenant's domain and every domain its recipients already use (the emulator keeps no domain list). */
function acceptedDomains(tenant: Tenant): Set<string> {
  const domains = new Set([tenant.domain.toLowerCase()]);
  const add = (address: string) => domains.add(address.slice(address.lastIndexOf('@') + 1).toLowerCase());
  for (const mailbox of tenant.mailboxes.values()) mailbox.emailAddresses.forEach(add);
  for (const user of tenant.users.values()) add(user.userPrincipalName);
  return domains;
}

/** The new primary becomes `SMTP:`; the old primary stays as an `smtp:` alias; the user's `mail` follows. */
function setPrimaryAddress(mailbox: EmMailbox, owner: EmUser, address: string): void {
  const lower = `smtp:${address.toLowerCase()}`;
  const others = mailbox.emailAddresses
    .filter((entry) => entry.toLowerCase() !== lower)
    .map((entry) => (entry.startsWith('SMTP:') ? `smtp:${entry.slice(5)}` : entry));
  mailbox.emailAddresses = [`SMTP:${address}`, ...others];
  mailbox.primarySmtpAddress = address;
  owner.mail = address;
}

/** Entra's rule for passwords: 8 to 256 characters, three of the four character classes. */
function checkPasswordComplexity(password: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((pattern) => pattern.test(password)).length;
  if (password.length < 8 || password.length > 256 || classes < 3) {
    throw invalid(
      'The password does not comply with the password complexity requirements. Please provide a different password.',
      'Ex7D9E11',
    );
  }
}

/** A room's place record shares the mailbox's address, name and capacity. */
function syncPlace(tenant: Tenant, before: EmMailbox, after: EmMailbox): void {
  const place = tenant.placeByIdOrEmail(before.primarySmtpAddress);
  if (!place) return;
  place.emailAddress = after.primarySmtpAddress;
  place.displayName = after.displayName;
  if (after.resourceCapacity !== before.resourceCapacity) place.capacity = after.resourceCapacity;
}
