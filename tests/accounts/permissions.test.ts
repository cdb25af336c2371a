import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import {
  alsoAccepted,
  leastPrivilegedRole,
  mayEditBaseline,
  rolesShowWrite,
  WRITE_KINDS,
  writableKinds,
} from '../../api/src/accounts/permissions.ts';
import { refusal } from '../../api/src/accounts/microsoftErrors.ts';
import { ROLE } from '../../api/src/auth/roles.ts';

describe('permissions: which roles the token shows for each write', () => {
  it('each kind names its least-privileged role', () => {
    assert.deepEqual(Object.fromEntries(WRITE_KINDS.map((kind) => [kind, leastPrivilegedRole(kind)])), {
      userAccount: 'User Administrator',
      usageLocation: 'License Administrator',
      license: 'License Administrator',
      calendarProcessing: 'Exchange Recipient Administrator',
      place: 'Exchange Administrator',
      roomList: 'Exchange Recipient Administrator',
    });
  });

  it('per role, the writes it shows', () => {
    assert.deepEqual(writableKinds([ROLE.globalAdmin]), [...WRITE_KINDS]);
    assert.deepEqual(writableKinds([ROLE.userAdmin]), ['userAccount', 'usageLocation', 'license']);
    assert.deepEqual(writableKinds([ROLE.licenseAdmin]), ['usageLocation', 'license']);
    assert.deepEqual(writableKinds([ROLE.directoryWriters]), ['license']);
    assert.deepEqual(writableKinds([ROLE.exchangeRecipientAdmin]), ['calendarProcessing', 'roomList']);
    assert.deepEqual(writableKinds([ROLE.exchangeAdmin]), ['calendarProcessing', 'place', 'roomList']);
    assert.deepEqual(writableKinds([ROLE.globalReader, ROLE.teamsDevicesAdmin]), []);
    assert.deepEqual(writableKinds([]), []);
    assert.deepEqual(writableKinds([ROLE.licenseAdmin, ROLE.exchangeAdmin]), [
      'usageLocation',
      'license',
      'calendarProcessing',
      'place',
      'roomList',
    ]);
  });

  it('rolesShowWrite is any of the shown roles', () => {
    assert.equal(rolesShowWrite([ROLE.globalReader, ROLE.userAdmin], 'userAccount'), true);
    assert.equal(rolesShowWrite([ROLE.globalReader], 'userAccount'), false);
  });

  it('what else Microsoft 365 accepts, in words', () => {
    assert.equal(alsoAccepted('place'), 'the Exchange Organization Management role group (in Exchange)');
    assert.equal(alsoAccepted('license'), 'License or User Administrator over an administrative unit holding the account');
    assert.equal(alsoAccepted('usageLocation'), 'User or License Administrator over an administrative unit holding the account');
    assert.equal(alsoAccepted('roomList'), 'an Exchange role group such as Recipient Management or Organization Management');
    assert.equal(alsoAccepted('calendarProcessing'), alsoAccepted('roomList'));
    assert.equal(alsoAccepted('userAccount'), 'User Administrator over an administrative unit holding the account');
  });

  it('only Global and Exchange Administrators edit the baseline', () => {
    assert.equal(mayEditBaseline([ROLE.globalAdmin]), true);
    assert.equal(mayEditBaseline([ROLE.exchangeAdmin]), true);
    assert.equal(mayEditBaseline([ROLE.exchangeRecipientAdmin, ROLE.userAdmin, ROLE.globalReader]), false);
    assert.equal(mayEditBaseline([]), false);
  });
});

describe('refusal: one wording for every refusal', () => {
  it('a refused change names the role and what else is accepted', () => {
    assert.equal(
      refusal.change('place'),
      'Microsoft 365 refused the change: it needs the Exchange Administrator role (or the Exchange Organization Management role group (in Exchange)).',
    );
  });

  it('mailbox changes only: the Exchange wording', () => {
    const answer = refusal.answer([
      { kind: 'calendarProcessing', group: 'mailbox' },
      { kind: 'calendarProcessing', group: 'mailbox' },
    ]);
    assert.deepEqual(answer, {
      requiredRole: 'Exchange Recipient Administrator',
      message:
        "You can't change mailbox settings with your current role: Microsoft 365 refused. You need the Exchange Recipient Administrator role (or Exchange Administrator, or an Exchange role group such as Recipient Management or Organization Management). Contact your administrator to get access.",
    });
  });

  it('mixed changes: every distinct role, in order, the first as the required one', () => {
    const answer = refusal.answer([
      { kind: 'userAccount', group: 'account' },
      { kind: 'calendarProcessing', group: 'mailbox' },
      { kind: 'userAccount', group: 'account' },
      { kind: 'roomList', group: 'location' },
    ]);
    assert.deepEqual(answer, {
      requiredRole: 'User Administrator',
      message:
        "You can't make these changes with your current role: Microsoft 365 refused. You need: User Administrator, Exchange Recipient Administrator. Contact your administrator to get access.",
    });
  });

  it('no changes at all: the general wording, naming the mailbox role', () => {
    assert.deepEqual(refusal.answer([]), {
      requiredRole: 'Exchange Recipient Administrator',
      message:
        "You can't make these changes with your current role: Microsoft 365 refused. You need: . Contact your administrator to get access.",
    });
  });
});
