/**
 * Items a listing checks in one turn of the event loop. A page of 999 users or rooms, or 1,000 mailboxes, checked
 * at once held the loop for tens of ms while a sync listed a tenant, and the next users page, which sets the
 * listing's pace, waited behind it (issue 16).
 */
export const ITEMS_PER_TURN = 250;
