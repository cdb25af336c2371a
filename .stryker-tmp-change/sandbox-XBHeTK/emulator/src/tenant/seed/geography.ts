/** The offices seeded rooms live in: real cities with plausible street addresses, floor labels and room names. */
// @ts-nocheck

export interface Site {
  /** Three-letter code used in room names and aliases (`SEA-B2-3.14`, `mtr-sea-b2-314`). */
  code: string;
  city: string;
  state: string | null;
  country: string;
  /** ISO 3166 alpha-2, the Entra `usageLocation`. */
  countryCode: string;
  postalCode: string;
  streets: readonly string[];
  latitude: number;
  longitude: number;
  /** Relative share of the tenant's rooms. */
  weight: number;
  floorLabel(floor: number): string;
  /** Local landmarks rooms are named after. */
  roomNames: readonly string[];
}

export const SITES: readonly Site[] = [
  {
    code: 'SEA',
    city: 'Seattle',
    state: 'WA',
    country: 'United States',
    countryCode: 'US',
    postalCode: '98101',
    streets: ['400 Pine St', '1201 3rd Ave', '500 Union St', '2001 6th Ave', '701 5th Ave'],
    latitude: 47.6062,
    longitude: -122.3321,
    weight: 5,
    floorLabel: (floor) => `Floor ${floor}`,
    roomNames: ['Rainier', 'Olympic', 'Cascade', 'Baker', 'Adams', 'Puget', 'Elliott', 'Alki', 'Ballard', 'Fremont', 'Shilshole', 'Discovery', 'Snoqualmie', 'Skagit', 'Whidbey', 'Orcas'],
  },
  {
    code: 'NYC',
    city: 'New York',
    state: 'NY',
    country: 'United States',
    countryCode: 'US',
    postalCode: '10001',
    streets: ['350 5th Ave', '200 Park Ave', '30 Hudson Yards', '85 Broad St', '1 Vanderbilt Ave'],
    latitude: 40.7128,
    longitude: -74.006,
    weight: 3,
    floorLabel: (floor) => `Floor ${floor}`,
    roomNames: ['Hudson', 'Chelsea', 'Tribeca', 'Soho', 'Harlem', 'Astoria', 'Brooklyn', 'Gramercy', 'Flatiron', 'Battery', 'Bowery', 'Chrysler', 'Liberty', 'Broadway', 'Madison', 'Lexington'],
  },
  {
    code: 'LON',
    city: 'London',
    state: 'England',
    country: 'United Kingdom',
    countryCode: 'GB',
    postalCode: 'EC2M 4AA',
    streets: ['1 Poultry', '30 St Mary Axe', '20 Fenchurch St', '122 Leadenhall St', '8 Canada Square'],
    latitude: 51.5074,
    longitude: -0.1278,
    weight: 3,
    floorLabel: (floor) => `Level ${floor}`,
    roomNames: ['Thames', 'Camden', 'Mayfair', 'Greenwich', 'Hampstead', 'Brixton', 'Kew', 'Richmond', 'Wembley', 'Barbican', 'Borough', 'Shoreditch', 'Holborn', 'Southbank', 'Islington', 'Putney'],
  },
  {
    code: 'MUC',
    city: 'Munich',
    state: 'Bavaria',
    country: 'Germany',
    countryCode: 'DE',
    postalCode: '80331',
    streets: ['Marienplatz 1', 'Leopoldstraße 244', 'Arnulfstraße 19', 'Theresienhöhe 28', 'Parkring 4'],
    latitude: 48.1351,
    longitude: 11.582,
    weight: 2,
    floorLabel: (floor) => `${floor}. OG`,
    roomNames: ['Isar', 'Zugspitze', 'Chiemsee', 'Tegernsee', 'Starnberg', 'Ammersee', 'Wendelstein', 'Watzmann', 'Karwendel', 'Allgäu', 'Nymphenburg', 'Olympia', 'Viktualien', 'Odeon', 'Schwabing', 'Haidhausen'],
  },
  {
    code: 'PAR',
    city: 'Paris',
    state: 'Île-de-France',
    country: 'France',
    countryCode: 'FR',
    postalCode: '75008',
    streets: ['37 Quai du Président Roosevelt', '8 Rue de Londres', '39 Quai du Président Roosevelt', '12 Rue de la Paix'],
    latitude: 48.8566,
    longitude: 2.3522,
    weight: 1.5,
    floorLabel: (floor) => (floor === 1 ? '1er étage' : `${floor}e étage`),
    roomNames: ['Seine', 'Montmartre', 'Marais', 'Louvre', 'Orsay', 'Bastille', 'Opéra', 'Étoile', 'Trocadéro', 'Belleville', 'Vincennes', 'Versailles', 'Giverny', 'Chantilly', 'Fontainebleau', 'Pigalle'],
  },
  {
    code: 'TYO',
    city: 'Tokyo',
    state: 'Tokyo',
    country: 'Japan',
    countryCode: 'JP',
    postalCode: '100-0005',
    streets: ['1-1-1 Marunouchi, Chiyoda-ku', '2-7-2 Marunouchi, Chiyoda-ku', '6-10-1 Roppongi, Minato-ku', '2-16-3 Konan, Minato-ku'],
    latitude: 35.6762,
    longitude: 139.6503,
    weight: 2,
    floorLabel: (floor) => `${floor}F`,
    roomNames: ['Fuji', 'Sakura', 'Ginza', 'Shibuya', 'Asakusa', 'Ueno', 'Akasaka', 'Odaiba', 'Shinjuku', 'Ikebukuro', 'Kanda', 'Meguro', 'Yoyogi', 'Nikko', 'Hakone', 'Kamakura'],
  },
  {
    code: 'SYD',
    city: 'Sydney',
    state: 'NSW',
    country: 'Australia',
    countryCode: 'AU',
    postalCode: '2000',
    streets: ['1 Martin Place', '200 George St', '100 Barangaroo Ave', '161 Castlereagh St'],
    latitude: -33.8688,
    longitude: 151.2093,
    weight: 1.5,
    floorLabel: (floor) => `Level ${floor}`,
    roomNames: ['Bondi', 'Manly', 'Coogee', 'Bronte', 'Harbour', 'Kirribilli', 'Mosman', 'Parramatta', 'Blue Mountains', 'Hunter', 'Jervis', 'Byron', 'Tamarama', 'Darling', 'Balmoral', 'Cronulla'],
  },
  {
    code: 'BLR',
    city: 'Bengaluru',
    state: 'Karnataka',
    country: 'India',
    countryCode: 'IN',
    postalCode: '560103',
    streets: ['Embassy Tech Village, Outer Ring Rd', 'Prestige Tech Park, Marathahalli', 'RMZ Ecoworld, Bellandur', 'Bagmane Tech Park, CV Raman Nagar', 'Manyata Tech Park, Hebbal'],
    latitude: 12.9716,
    longitude: 77.5946,
    weight: 2,
    floorLabel: (floor) => `Floor ${floor}`,
    roomNames: ['Cubbon', 'Lalbagh', 'Nandi', 'Kaveri', 'Hampi', 'Mysore', 'Coorg', 'Indiranagar', 'Koramangala', 'Jayanagar', 'Malleshwaram', 'Ulsoor', 'Whitefield', 'Bannerghatta', 'Agumbe', 'Gokarna'],
  },
  {
    code: 'YYZ',
    city: 'Toronto',
    state: 'ON',
    country: 'Canada',
    countryCode: 'CA',
    postalCode: 'M5J 2N8',
    streets: ['81 Bay St', '100 King St W', '16 York St', '222 Bay St'],
    latitude: 43.6532,
    longitude: -79.3832,
    weight: 1,
    floorLabel: (floor) => `Floor ${floor}`,
    roomNames: ['Ontario', 'Muskoka', 'Algonquin', 'Yorkville', 'Distillery', 'Humber', 'Danforth', 'Kensington', 'Leslieville', 'Bloor', 'Spadina', 'Harbourfront', 'Riverdale', 'Annex', 'Junction', 'Beaches'],
  },
];

/** Capacities drawn for rooms: phone booths to boardrooms (2–40), weighted towards small rooms. */
export const CAPACITIES: readonly number[] = [2, 3, 4, 4, 5, 6, 6, 6, 8, 8, 8, 10, 10, 12, 12, 14, 16, 18, 20, 24, 30, 40];

export interface DeviceKit {
  audio: string;
  video: string;
  display: string;
}

/** Typical certified Teams Rooms kits by room size. */
export function deviceKitFor(capacity: number): DeviceKit {
  if (capacity <= 3) return { audio: 'Jabra PanaCast 50', video: 'Jabra PanaCast 50', display: 'Dell P2424HT 24"' };
  if (capacity <= 6) return { audio: 'Logitech Rally Bar Mini', video: 'Logitech Rally Bar Mini', display: 'Samsung QM55C 55"' };
  if (capacity <= 12) return { audio: 'Poly Studio X52', video: 'Poly Studio X52', display: 'LG 65UH5J 65"' };
  if (capacity <= 20) return { audio: 'Yealink MSpeech', video: 'Yealink SmartVision 80', display: 'Dual Samsung QM75C 75"' };
  return { audio: 'Shure MXA920 Ceiling Array', video: 'Logitech Rally Plus', display: 'Dual Sony FW-85BZ40L 85"' };
}
