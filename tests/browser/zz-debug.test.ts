import { it } from 'node:test';
import { startDemoStack } from '../helpers/api.ts';
import { launchBrowser, openTabContext } from '../helpers/browser.ts';
import { TeamsHost } from '../helpers/teamsHost.ts';
it('debug', async () => {
  const [stack, browser] = await Promise.all([startDemoStack({ emulator: { tenants: [{ seed: 4, rooms: 5 }] } }), launchBrowser()]);
  const { page, errors, context } = await openTabContext(browser, stack.baseUrl);
  context.on('page', (p) => console.log('PAGE', p.url()));
  const host = await TeamsHost.open(page, { failGetAuthToken: 1 });
  await host.tab.getByTestId('consent-prompt').waitFor();
  await host.tab.getByRole('button', { name: 'Grant permission' }).click();
  await new Promise((r) => setTimeout(r, 4000));
  console.log(JSON.stringify((await host.calls()).map((c) => [c.func, c.from, JSON.stringify(c.args).slice(0, 100)])));
  console.log(errors);
  console.log(await host.tab.locator('body').innerText());
  await browser.close(); await stack.close();
});
