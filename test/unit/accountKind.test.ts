// The kind of an account, asked in one place (src/host/auth/accountKind.ts): each kind of token, what Sign Out does
// with it, what a refusal offers, and how the account picker names it.
import * as assert from 'node:assert/strict';
import { accountKind, describeAccountKind, isSignIn, remedyForRefusedToken, revokedOnSignOut } from '../../src/host/auth/accountKind';
import type { StoredAccount } from '../../src/host/auth/tokenStore';

const NOW = 1_800_000_000_000;
const base: StoredAccount = { id: 'a', label: 'sim-user', token: 't'.repeat(64) };
const oauth = { clientId: 'c'.repeat(20), loginUrl: 'https://login.linode.com', expiresAt: NOW + 3_600_000, issuedAt: NOW };

describe('account kinds', () => {
  it('a pasted token, a linode-cli token and the environment\'s are the user\'s own: not revoked, Set API Token on refusal', () => {
    const cases: Array<[StoredAccount | { value: string; source: 'environment' }, string, string]> = [
      [base, 'personalToken', 'personal access token'],
      [{ ...base, importedFrom: { source: 'linode-cli', name: 'alice' } }, 'linodeCli', 'token of linode-cli user alice'],
      [{ ...base, importedFrom: { source: 'linode-config', name: 'default' } }, 'linodeCli', 'token of Linode config profile default'],
      [{ value: 't', source: 'environment' }, 'environment', 'token from the environment'],
    ];
    for (const [of, kind, described] of cases) {
      const found = accountKind(of);
      assert.equal(found.kind, kind);
      assert.equal(revokedOnSignOut(found), false, kind);
      assert.equal(remedyForRefusedToken(found), 'setApiToken', kind);
      assert.equal(describeAccountKind(found, undefined, NOW), described);
    }
    assert.equal(isSignIn({ value: 't', source: 'environment' }), false);
    assert.equal(isSignIn(undefined), false);
  });

  it('a sign-in: public or private (kept, or guessed for accounts stored before), renewable, expired', () => {
    const publicApp = accountKind({ ...base, oauth: { ...oauth, clientType: 'public' } });
    assert.deepEqual(publicApp, { kind: 'signIn', client: 'public', renewable: false, expired: false });
    const privateApp = accountKind({ ...base, oauth: { ...oauth, clientType: 'private', refreshToken: 'r' } });
    assert.deepEqual(privateApp, { kind: 'signIn', client: 'private', renewable: true, expired: false });
    // Stored before the client type was kept: a refresh token means a private app.
    assert.deepEqual(accountKind({ ...base, oauth: { ...oauth, refreshToken: 'r' } }), privateApp);
    assert.deepEqual(accountKind({ ...base, oauth }), publicApp);
    const expired = accountKind({ ...base, oauth: { ...oauth, clientType: 'private', refreshToken: 'r', expired: true } });
    assert.deepEqual(expired, { kind: 'signIn', client: 'private', renewable: false, expired: true });
    for (const kind of [publicApp, privateApp, expired]) {
      assert.equal(revokedOnSignOut(kind), true);
      assert.equal(remedyForRefusedToken(kind), 'signInAgain');
    }
    assert.equal(isSignIn({ value: base.token, source: 'secretStorage', account: { ...base, oauth } }), true);
  });

  it('names a sign-in expired when Linode refused it, or when an unrenewable one is past its time', () => {
    const publicApp = accountKind({ ...base, oauth });
    assert.equal(describeAccountKind(publicApp, NOW + 1, NOW), 'signed in with Linode');
    assert.equal(describeAccountKind(publicApp, NOW, NOW), 'signed in with Linode · sign-in expired');
    const privateApp = accountKind({ ...base, oauth: { ...oauth, clientType: 'private', refreshToken: 'r' } });
    assert.equal(describeAccountKind(privateApp, NOW - 1, NOW), 'signed in with Linode', 'renewed on its own');
    const refused = accountKind({ ...base, oauth: { ...oauth, expired: true } });
    assert.equal(describeAccountKind(refused, NOW + 3_600_000, NOW), 'signed in with Linode · sign-in expired');
  });
});
