// @ts-nocheck
import { rangeSetting } from './rangeSetting.ts';

/** 0 means unlimited in Exchange; the admin center default is 24 hours (domain.md §1b). */
export const maximumDuration = rangeSetting({
  id: 'maximumDuration',
  parameter: 'MaximumDurationInMinutes',
  bounds: (baseline) => baseline.maximumDurationInMinutes,
  label: 'Maximum meeting length',
  why: 'The longest meeting the room accepts, in minutes (0 means unlimited). A bound stops a room from being blocked for days by one booking.',
});
