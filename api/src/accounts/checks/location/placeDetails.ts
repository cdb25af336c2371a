import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** "If city, building, and capacity aren't set, those rooms won't show up as available options" (CRA calendar include). */
export const placeDetails: CheckDefinition = {
  id: 'placeDetails',
  group: 'location',
  label: 'Building, capacity and city set',
  description:
    "Whether the room's place record has a building, a capacity and a city. Room Finder in Outlook and Teams hides rooms without them, and Teams Rooms Pro Management uses them to group rooms.",
  powershell: 'Set-Place -Identity <upn> -Building "<building>" -Capacity <n> -City "<city>"',
  severity: 'recommended',
  changeRole: ROLE.exchangeAdmin,
  expected: () => 'building, capacity and city',
  evaluate(snapshot) {
    const place = readSource(snapshot, 'place');
    if ('unknown' in place) {
      return snapshot.sources.place.status === 'notFound'
        ? { result: 'fail', actual: null, note: 'No place record for this room' }
        : place.unknown;
    }
    const missing = [
      place.data.building ? null : 'building',
      place.data.capacity != null && place.data.capacity > 0 ? null : 'capacity',
      place.data.city ? null : 'city',
    ].filter((item): item is string => item !== null);
    return verdict(
      missing.length === 0,
      { building: place.data.building, capacity: place.data.capacity, city: place.data.city },
      missing.length ? `Missing: ${missing.join(', ')}` : undefined,
    );
  },
};
