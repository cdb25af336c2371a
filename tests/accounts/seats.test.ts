import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { freeSeats, seatCount as seatCountSchema } from '../../contract/index.ts';
import { assertSeatsLeft, seatCount } from '../../api/src/accounts/seats.ts';
import { AppError } from '../../api/src/errors.ts';

const PRO = '4cde982a-ede4-4409-9ae6-b003453c8ea6';
const pro = (enabled: number, consumed: number) => ({ skuId: PRO, skuPartNumber: 'Microsoft_Teams_Rooms_Pro', enabled, consumed });

describe('seats: one sum for the seat check, the summary, the license answer and the tab', () => {
  it('freeSeats is what is bought and not assigned, never negative', () => {
    assert.equal(freeSeats({ enabled: 25, consumed: 10 }), 15);
    assert.equal(freeSeats({ enabled: 25, consumed: 25 }), 0);
    assert.equal(freeSeats({ enabled: 5, consumed: 8 }), 0, 'a reduced subscription has none left, not minus three');
  });

  it('seatCount is the contract shape, named from the catalog', () => {
    const seat = seatCount(pro(25, 24));
    assert.deepEqual(seatCountSchema.parse(seat), seat);
    assert.deepEqual([seat.name, seat.isTeamsRooms, seat.available], ['Microsoft Teams Rooms Pro', true, 1]);
  });

  it('a license with a free seat passes the check', () => {
    assert.doesNotThrow(() => assertSeatsLeft([pro(25, 24)], [PRO]));
    assert.doesNotThrow(() => assertSeatsLeft([], []), 'nothing to add, nothing to check');
  });

  it('no seat left: 409 naming the license and the seats left', () => {
    const error = catchError(() => assertSeatsLeft([pro(25, 25)], [PRO]));
    assert.ok(error instanceof AppError);
    assert.deepEqual([error.status, error.code], [409, 'conflict']);
    assert.match(error.message, /^No Microsoft Teams Rooms Pro licenses are left to assign: 0 seats left \(25 of 25 assigned\)/);
  });

  it('no subscription at all: 409 naming the license', () => {
    const error = catchError(() => assertSeatsLeft([], [PRO]));
    assert.ok(error instanceof AppError);
    assert.equal(error.status, 409);
    assert.match(error.message, /no Microsoft Teams Rooms Pro subscription/);
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return assert.fail('expected an error');
}
