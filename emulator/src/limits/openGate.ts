import type { Admission, TrafficGate } from './types.ts';

const admitted: Admission = { kind: 'admit', release: () => {} };

/** The `none` profile: every call goes straight through. */
export const openGate: TrafficGate = {
  admit: async () => admitted,
};
