// @ts-nocheck
import type { Admission, TrafficGate } from '../../emulator/src/limits/types.ts';

/**
 * Holds every Graph users page after the first until `release`: the sync is caught between two pages, so what
 * the list serves at that moment can only come from the first page (999 users), not from the whole listing.
 */
export function holdAfterFirstUsersPage() {
  let open: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (open = resolve));
  let usersPages = 0;
  let held = 0;
  const admitted: Admission = { kind: 'admit', release: () => undefined };
  const gate: TrafficGate = {
    admit: async (call) => {
      if (call.api === 'GET /users') {
        usersPages += 1;
        if (usersPages > 1) {
          held += 1;
          await released;
        }
      }
      return admitted;
    },
  };
  return { gate, release: () => open(), held: () => held, usersPages: () => usersPages };
}
