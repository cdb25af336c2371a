import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import assert from 'node:assert/strict';
import { afterEach, describe, it, vi } from 'vitest';
import { licenseChangeResponse, MESSAGES, seatCount, type SummaryResponse } from '../../contract/index.ts';
import { LicensesTab } from '../../tab/src/features/account/components/LicensesTab.tsx';
import { detail, summary } from './fixtures.ts';
import { renderInTab, serveApi } from './harness.tsx';

const PRO = '4cde982a-ede4-4409-9ae6-b003453c8ea6';
const seat = (consumed: number): SummaryResponse['seats'][number] =>
  seatCount.parse({
    skuId: PRO,
    skuPartNumber: 'Microsoft_Teams_Rooms_Pro',
    name: 'Microsoft Teams Rooms Pro',
    isTeamsRooms: true,
    enabled: 25,
    consumed,
    available: 25 - consumed,
  });
const proLicense = { skuId: PRO, skuPartNumber: 'Microsoft_Teams_Rooms_Pro', name: 'Microsoft Teams Rooms Pro', isTeamsRooms: true };

afterEach(() => vi.unstubAllGlobals());

describe("tab: Licenses tab (PUT /licenses answers with the contract's license-change response)", () => {
  it('assigning a license shows the saved message and counts the seats down from the answer', async () => {
    const account = detail();
    const seen = serveApi(({ method, path }) => {
      if (path === '/api/summary') return { body: summary({ seats: [seat(24)] }) };
      if (method === 'PUT' && path === `/api/accounts/${account.id}/licenses`) {
        const answer = {
          accountId: account.id,
          message: MESSAGES.success,
          results: [{ setting: 'license', from: [], to: ['Microsoft Teams Rooms Pro'], outcome: 'succeeded' }],
        };
        return { body: licenseChangeResponse.parse({ ...answer, account: detail({ licenses: [proLicense] }), seats: [seat(25)] }) };
      }
      return undefined;
    });
    let updated = 0;
    renderInTab(<LicensesTab detail={account} onUpdated={() => (updated += 1)} />);
    await screen.findByText('Microsoft Teams Rooms Pro: 1 of 25 seats left');
    await userEvent.click(screen.getByRole('combobox', { name: 'License to assign' }));
    await userEvent.click(await screen.findByRole('option', { name: /Microsoft Teams Rooms Pro/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Assign' }));
    assert.equal((await screen.findByTestId('save-result')).textContent, MESSAGES.success);
    assert.equal(
      within(screen.getByTestId('seats-left')).getByText(/seats left/).textContent,
      'Microsoft Teams Rooms Pro: 0 of 25 seats left',
    );
    assert.deepEqual(seen.find((request) => request.method === 'PUT')?.body, { add: [PRO], remove: [] });
    assert.equal(updated, 1, 'the page takes the account from the answer');
  });

  it("no seat left: the API's 409 is shown under the save message, naming the license and the seats left", async () => {
    const account = detail();
    const message =
      'No Microsoft Teams Rooms Pro licenses are left to assign: 0 seats left (25 of 25 assigned). Buy more or free one up, then try again.';
    serveApi(({ method, path }) => {
      if (path === '/api/summary') return { body: summary({ seats: [seat(24)] }) };
      if (method === 'PUT') return { status: 409, body: { error: { code: 'conflict', message, correlationId: 'corr-409' } } };
      return undefined;
    });
    renderInTab(<LicensesTab detail={account} onUpdated={() => {}} />);
    await screen.findByText('Microsoft Teams Rooms Pro: 1 of 25 seats left');
    await userEvent.click(screen.getByRole('combobox', { name: 'License to assign' }));
    await userEvent.click(await screen.findByRole('option', { name: /Microsoft Teams Rooms Pro/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Assign' }));
    assert.ok(await screen.findByText(message, { exact: false }));
    assert.ok(screen.getByText(MESSAGES.save, { exact: false }));
  });
});
