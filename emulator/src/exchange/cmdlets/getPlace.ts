// Evidence: docs/microsoft-365.md#exo-get-place
import { enumeration, identity, resultSize } from '../parameters.ts';
import { listOutput } from './listing.ts';
import { placeObject, placeOf } from './places.ts';
import { RECIPIENT_ID_TYPE, requireRoom } from './recipients.ts';
import { defineCmdlet } from './types.ts';

/** Get-Place: one room by -Identity (mailbox identity, place id or address), or every room, paged. */
export const getPlace = defineCmdlet({
  name: 'Get-Place',
  right: 'readRecipients',
  parameters: {
    Identity: identity(RECIPIENT_ID_TYPE),
    Type: enumeration('Microsoft.Exchange.Management.Hygiene.PlaceType', ['Room', 'Workspace'] as const),
    ResultSize: resultSize,
  },
  run(args, env) {
    if (args.Identity !== undefined) {
      const { mailbox, owner } = requireRoom(env, args.Identity);
      return { value: [placeObject(mailbox, placeOf(env.tenant, mailbox, owner).place)], warnings: [] };
    }
    const rooms =
      args.Type === 'Workspace'
        ? []
        : [...env.tenant.mailboxes.values()].filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox');
    const objects = rooms.flatMap((mailbox) => {
      const owner = env.tenant.users.get(mailbox.userId);
      return owner ? [placeObject(mailbox, placeOf(env.tenant, mailbox, owner).place)] : [];
    });
    return listOutput(objects, args.ResultSize, env);
  },
});
