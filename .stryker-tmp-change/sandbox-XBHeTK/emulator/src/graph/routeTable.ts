// @ts-nocheck
import { assignLicense, licenseDetails, subscribedSkus } from './licenses.ts';
import { getMe, myDirectoryRoles } from './me.ts';
import { getOrganization } from './organization.ts';
import { PERMISSIONS } from './permissions.ts';
import { listRooms } from './places/list.ts';
import { getRoom, patchRoom } from './places/update.ts';
import type { GraphRoute } from './router.ts';
import { usersDelta } from './users/delta.ts';
import { getUser, patchUser } from './users/item.ts';
import { countUsers, listUsers } from './users/list.ts';

/** The room's address for per-mailbox limits, whether the path names it by id or by address. */
const placeMailbox: GraphRoute['mailbox'] = (tenant, params) => tenant.placeByIdOrEmail(params.id ?? '')?.emailAddress ?? params.id;

/** Every Graph v1.0 call the emulator answers. Costs follow graph-engineering.md §1.2 ("GET users" 2 RU, writes 1 RU + 1 write). */
export const GRAPH_ROUTES: readonly GraphRoute[] = [
  { method: 'GET', template: '/users', workload: 'directory', permissions: PERMISSIONS.readUsers, resourceUnits: 2, handle: listUsers },
  { method: 'GET', template: '/users/$count', workload: 'directory', permissions: PERMISSIONS.readUsers, resourceUnits: 2, handle: countUsers },
  { method: 'GET', template: '/users/delta', workload: 'directory', permissions: PERMISSIONS.readUsers, resourceUnits: 2, handle: usersDelta },
  { method: 'GET', template: '/users/{id}', workload: 'directory', permissions: PERMISSIONS.readUsers, resourceUnits: 2, handle: getUser },
  { method: 'PATCH', template: '/users/{id}', workload: 'directory', permissions: PERMISSIONS.writeUsers, resourceUnits: 1, isWrite: true, handle: patchUser },
  { method: 'GET', template: '/users/{id}/licenseDetails', workload: 'directory', permissions: PERMISSIONS.readLicenses, resourceUnits: 2, handle: licenseDetails },
  {
    method: 'POST',
    template: '/users/{id}/assignLicense',
    workload: 'directory',
    permissions: PERMISSIONS.assignLicenses,
    resourceUnits: 1,
    isWrite: true,
    handle: assignLicense,
  },
  { method: 'GET', template: '/subscribedSkus', workload: 'directory', permissions: PERMISSIONS.readSubscriptions, resourceUnits: 3, handle: subscribedSkus },
  { method: 'GET', template: '/me', workload: 'directory', permissions: PERMISSIONS.signedInUser, resourceUnits: 2, handle: getMe },
  {
    method: 'GET',
    template: '/me/transitiveMemberOf/microsoft.graph.directoryRole',
    workload: 'directory',
    permissions: PERMISSIONS.myRoles,
    resourceUnits: 1,
    handle: myDirectoryRoles,
  },
  { method: 'GET', template: '/organization', workload: 'directory', permissions: PERMISSIONS.organization, resourceUnits: 1, handle: getOrganization },
  { method: 'GET', template: '/places/microsoft.graph.room', workload: 'places', permissions: PERMISSIONS.readPlaces, resourceUnits: 1, handle: listRooms },
  { method: 'GET', template: '/places/{id}', workload: 'places', permissions: PERMISSIONS.readPlaces, resourceUnits: 1, mailbox: placeMailbox, handle: getRoom },
  {
    method: 'PATCH',
    template: '/places/{id}',
    workload: 'places',
    permissions: PERMISSIONS.writePlaces,
    resourceUnits: 1,
    isWrite: true,
    mailbox: placeMailbox,
    handle: patchRoom,
  },
];
