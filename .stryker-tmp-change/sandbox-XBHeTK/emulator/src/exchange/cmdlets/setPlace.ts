// @ts-nocheck
// Evidence: docs/microsoft-365.md#exo-set-place
import type { EmPlace } from '../../tenant/model.ts';
import { countryName } from '../country.ts';
import { cmdletErrors } from '../errors.ts';
import { applyMultiValue, bool, identity, int, INT32_MAX, INT32_MIN, multiValue, type Parameter, psDisplay, text } from '../parameters.ts';
import { placeOf } from './places.ts';
import { RECIPIENT_ID_TYPE, requireRoom } from './recipients.ts';
import { defineCmdlet, unchangedWarning } from './types.ts';

/** -CountryOrRegion: an ISO code or a friendly name, stored as the friendly name Get-Place shows. */
const country: Parameter<string | null> = {
  convert(name, raw) {
    if (raw === null || raw === '') return null;
    const found = typeof raw === 'string' ? countryName(raw) : undefined;
    if (found) return found;
    throw cmdletErrors.transformation(
      name,
      `Cannot convert value "${psDisplay(raw)}" to type "Microsoft.Exchange.Data.Directory.CountryInfo". Error: "The country or region "${psDisplay(raw)}" isn't valid. Specify an ISO 3166-1 two-letter country code or a country name."`,
    );
  },
};

/** -GeoCoordinates: "latitude;longitude[;altitude]", with a period or a comma as the decimal separator. */
const geoCoordinates: Parameter<EmPlace['geoCoordinates']> = {
  convert(name, raw) {
    if (raw === null || raw === '') return null;
    const parts = typeof raw === 'string' ? raw.split(';').map((part) => Number(part.trim().replace(',', '.'))) : [];
    const [latitude = NaN, longitude = NaN] = parts;
    const valid =
      (parts.length === 2 || parts.length === 3) &&
      parts.every((part) => Number.isFinite(part)) &&
      Math.abs(latitude) <= 90 &&
      Math.abs(longitude) <= 180;
    if (valid) return { latitude, longitude };
    throw cmdletErrors.transformation(
      name,
      `Cannot convert value "${psDisplay(raw)}" to type "Microsoft.Exchange.Data.GeoCoordinates". Error: "The value "${psDisplay(raw)}" isn't valid geo coordinates. Use the format latitude;longitude or latitude;longitude;altitude, for example "47.644125;-122.122411"."`,
    );
  },
};

/**
 * Set-Place: room location metadata. Capacity is the mailbox's ResourceCapacity and City/CountryOrRegion are the
 * Entra user's city/country in Exchange, so those stay in step (and the user change is recorded for delta).
 */
export const setPlace = defineCmdlet({
  name: 'Set-Place',
  right: 'writePlaces',
  parameters: {
    Identity: identity(RECIPIENT_ID_TYPE),
    AudioDeviceName: text,
    Building: text,
    Capacity: int({ min: 0, max: INT32_MAX, nullable: true }),
    City: text,
    CountryOrRegion: country,
    DisplayDeviceName: text,
    Floor: int({ min: INT32_MIN, max: INT32_MAX, nullable: true }),
    FloorLabel: text,
    GeoCoordinates: geoCoordinates,
    IsWheelChairAccessible: bool,
    Label: text,
    MTREnabled: bool,
    Phone: text,
    PostalCode: text,
    State: text,
    Street: text,
    Tags: multiValue('System.String[]'),
    VideoDeviceName: text,
    Confirm: bool,
  },
  mandatory: ['Identity'],
  run(args, env) {
    const { mailbox, owner } = requireRoom(env, args.Identity);
    const { place, stored } = placeOf(env.tenant, mailbox, owner);
    const next = structuredClone(place);
    if (args.AudioDeviceName !== undefined) next.audioDeviceName = args.AudioDeviceName;
    if (args.Building !== undefined) next.building = args.Building;
    if (args.Capacity !== undefined) next.capacity = args.Capacity;
    if (args.City !== undefined) next.address.city = args.City;
    if (args.CountryOrRegion !== undefined) next.address.countryOrRegion = args.CountryOrRegion;
    if (args.DisplayDeviceName !== undefined) next.displayDeviceName = args.DisplayDeviceName;
    if (args.Floor !== undefined) next.floorNumber = args.Floor;
    if (args.FloorLabel !== undefined) next.floorLabel = args.FloorLabel;
    if (args.GeoCoordinates !== undefined) next.geoCoordinates = args.GeoCoordinates;
    if (args.IsWheelChairAccessible !== undefined) next.isWheelChairAccessible = args.IsWheelChairAccessible;
    if (args.Label !== undefined) next.label = args.Label;
    if (args.MTREnabled !== undefined) next.mtrEnabled = args.MTREnabled;
    if (args.Phone !== undefined) next.phone = args.Phone;
    if (args.PostalCode !== undefined) next.address.postalCode = args.PostalCode;
    if (args.State !== undefined) next.address.state = args.State;
    if (args.Street !== undefined) next.address.street = args.Street;
    if (args.Tags !== undefined) next.tags = applyMultiValue(next.tags, args.Tags, (tag) => tag);
    if (args.VideoDeviceName !== undefined) next.videoDeviceName = args.VideoDeviceName;

    if (JSON.stringify(next) === JSON.stringify(place)) return { value: [], warnings: [unchangedWarning(mailbox.alias)] };

    if (stored) Object.assign(place, next);
    else env.tenant.places.set(next.id, next);
    if (args.Capacity !== undefined) mailbox.resourceCapacity = args.Capacity;
    const city = args.City === undefined ? owner.city : args.City;
    const countryOrRegion = args.CountryOrRegion === undefined ? owner.country : args.CountryOrRegion;
    if (owner.city !== city || owner.country !== countryOrRegion) {
      owner.city = city;
      owner.country = countryOrRegion;
      env.tenant.touchUser(owner.id);
    }
    env.stats.write('Set-Place', mailbox.primarySmtpAddress);
    return { value: [], warnings: [] };
  },
});
