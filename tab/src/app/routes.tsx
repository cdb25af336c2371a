import { Spinner } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { AccountsPage } from '../features/accounts/components/AccountsPage.tsx';
import type { HashRoute } from '../lib/hashRoute.ts';

// The list is the first view; everything else loads on demand to keep the first load small.
const AccountPage = lazy(() =>
  import('../features/account/components/AccountPage.tsx').then((module) => ({ default: module.AccountPage })),
);
const JobPage = lazy(() => import('../features/jobs/components/JobPage.tsx').then((module) => ({ default: module.JobPage })));
const AuditPage = lazy(() => import('../features/audit/components/AuditPage.tsx').then((module) => ({ default: module.AuditPage })));
const BaselinePage = lazy(() =>
  import('../features/baseline/components/BaselinePage.tsx').then((module) => ({ default: module.BaselinePage })),
);
const ConfigPage = lazy(() => import('../features/config/components/ConfigPage.tsx').then((module) => ({ default: module.ConfigPage })));

/** The section a route belongs to, for the navigation tabs. */
export function sectionOf(route: HashRoute): 'accounts' | 'audit' | 'baseline' | 'config' {
  const first = route.path.split('/')[1];
  return first === 'audit' || first === 'baseline' || first === 'config' ? first : 'accounts';
}

/** Hash routes: #/accounts, #/accounts/{id}, #/jobs/{id}, #/audit, #/baseline, #/config. */
export function RouteView({ route }: { route: HashRoute }) {
  const [, first, second] = route.path.split('/').map((part) => decodeURIComponent(part));
  let page;
  if (first === 'accounts' && second) page = <AccountPage key={second} id={second} query={route.query} />;
  else if (first === 'jobs' && second) page = <JobPage key={second} id={second} />;
  else if (first === 'audit') page = <AuditPage query={route.query} />;
  else if (first === 'baseline') page = <BaselinePage />;
  else if (first === 'config') page = <ConfigPage />;
  else page = <AccountsPage query={route.query} />;
  return <Suspense fallback={<Spinner label="Loading…" />}>{page}</Suspense>;
}
