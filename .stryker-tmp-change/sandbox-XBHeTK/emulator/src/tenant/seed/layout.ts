// @ts-nocheck
import type { SeededRandom } from '../random.ts';
import { SITES, type Site } from './geography.ts';

export interface Building {
  site: Site;
  /** `SEA-B2`: the Places `building` value and the users' officeLocation. */
  label: string;
  street: string;
  latitude: number;
  longitude: number;
  floors: number;
  /** Next free room number per floor (index 0 = floor 1). */
  nextRoom: number[];
}

/** Where one room goes: `SEA-B2-3.14` is building SEA-B2, floor 3, room 14. */
export interface Spot {
  building: Building;
  floor: number;
  room: number;
}

const ROOMS_PER_FLOOR = 99;

/**
 * The tenant's offices: 2–5 buildings per city with enough floors for the rooms expected there, and room
 * numbers handed out per floor in small steps (3.01, 3.03, 3.04...) so every room code is unique.
 */
export class Layout {
  readonly buildings: Building[] = [];
  private readonly siteWeights: number[];

  constructor(random: SeededRandom, expectedRooms: number) {
    const totalWeight = SITES.reduce((sum, site) => sum + site.weight, 0);
    for (const site of SITES) {
      const count = random.int(2, 5);
      const perBuilding = (expectedRooms * site.weight) / totalWeight / count;
      for (let index = 1; index <= count; index += 1) {
        const floors = random.int(3, 8) + Math.ceil(perBuilding / 60);
        this.buildings.push({
          site,
          label: `${site.code}-B${index}`,
          street: site.streets[(index - 1) % site.streets.length] ?? site.streets[0] ?? '',
          latitude: round(site.latitude + (random.next() - 0.5) * 0.02, 6),
          longitude: round(site.longitude + (random.next() - 0.5) * 0.02, 6),
          floors,
          nextRoom: Array.from({ length: floors }, () => random.int(1, 4)),
        });
      }
    }
    this.siteWeights = SITES.map((site) => site.weight);
  }

  building(label: string): Building | undefined {
    const needle = label.toLowerCase();
    return this.buildings.find((building) => building.label.toLowerCase() === needle);
  }

  /** A free spot: in `preferred` if given, else in a city drawn by weight; spills to other floors and buildings when full. */
  allocate(random: SeededRandom, preferred?: Building): Spot {
    const building = preferred ?? this.drawBuilding(random);
    const start = this.buildings.indexOf(building);
    for (let offset = 0; offset < this.buildings.length; offset += 1) {
      const candidate = this.buildings[(start + offset) % this.buildings.length];
      if (!candidate) continue;
      const firstFloor = offset === 0 ? random.int(1, candidate.floors) : 1;
      for (let step = 0; step < candidate.floors; step += 1) {
        const floor = ((firstFloor - 1 + step) % candidate.floors) + 1;
        const room = candidate.nextRoom[floor - 1] ?? ROOMS_PER_FLOOR + 1;
        if (room <= ROOMS_PER_FLOOR) {
          candidate.nextRoom[floor - 1] = room + random.int(1, 2);
          return { building: candidate, floor, room };
        }
      }
    }
    throw new Error('Every floor of every seeded building is full; seed fewer rooms.');
  }

  private drawBuilding(random: SeededRandom): Building {
    const total = this.siteWeights.reduce((sum, weight) => sum + weight, 0);
    let roll = random.next() * total;
    let site = SITES[0];
    for (const [index, weight] of this.siteWeights.entries()) {
      roll -= weight;
      if (roll < 0) {
        site = SITES[index];
        break;
      }
    }
    const inSite = this.buildings.filter((building) => building.site === site);
    return random.pick(inSite);
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
