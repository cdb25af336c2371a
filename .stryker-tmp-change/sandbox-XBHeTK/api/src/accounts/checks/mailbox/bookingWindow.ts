// @ts-nocheck
import { rangeSetting } from './rangeSetting.ts';

/** Exchange allows 0–1080 days; the Microsoft 365 admin center default is 180 (domain.md §1b). */
export const bookingWindow = rangeSetting({
  id: 'bookingWindow',
  parameter: 'BookingWindowInDays',
  bounds: (baseline) => baseline.bookingWindowInDays,
  label: 'Booking window',
  why: 'How many days ahead the room can be booked. Too short and recurring meetings are declined; too long and rooms are held for meetings nobody remembers.',
});
