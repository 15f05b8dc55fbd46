// The receiver used where VS Code's URI handler brings the sign-in answer back (remote and web windows): the same
// checks as the loopback listener (state, timeout, cancel, one answer), fed by hand instead of by HTTP.
import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/core/api/errors';
import { SignInStateError, SignInTimeoutError } from '../../src/core/auth/errors';
import { startHandedReceiver } from '../../src/core/auth/redirectAnswer';

const REDIRECT = 'vscode://linode-images-dev.linode-images/auth';

describe('sign-in answer through the URI handler', () => {
  const logged: string[] = [];
  const log = (line: string): void => void logged.push(line);

  it('takes a code from the query, once, and logs neither the code nor the state', async () => {
    const receiver = startHandedReceiver(REDIRECT, { state: 'state-123', log });
    assert.equal(receiver.redirectUri, REDIRECT);
    assert.equal(receiver.deliver('code=secret-code&state=state-123'), true);
    assert.deepEqual(await receiver.result, { kind: 'code', code: 'secret-code' });
    assert.equal(receiver.deliver('code=another&state=state-123'), false, 'a second answer is not taken');
    assert.ok(logged.every((line) => !line.includes('secret-code') && !line.includes('state-123')), logged.join('\n'));
  });

  it('takes no token from a fragment: both kinds of app use the code flow', async () => {
    const receiver = startHandedReceiver(REDIRECT, { state: 's', log });
    assert.equal(receiver.deliver('access_token=t0k&token_type=bearer&expires_in=7200&state=s'), false);
    await receiver.close();
  });

  it('refuses an answer with another state, and ignores a link with no answer', async () => {
    const receiver = startHandedReceiver(REDIRECT, { state: 'mine', log });
    assert.equal(receiver.deliver('x=1'), false, 'no answer: still waiting');
    assert.equal(receiver.deliver('code=c&state=theirs'), true);
    await assert.rejects(receiver.result, SignInStateError);
  });

  it("passes on Linode's refusal", async () => {
    const receiver = startHandedReceiver(REDIRECT, { state: 's', log });
    receiver.deliver('error=access_denied&state=s');
    assert.deepEqual(await receiver.result, { kind: 'error', error: 'access_denied', description: undefined });
  });

  it('ends on the timeout, on the signal, and on close', async () => {
    await assert.rejects(startHandedReceiver(REDIRECT, { state: 's', timeoutMs: 20, log }).result, SignInTimeoutError);
    const stop = new AbortController();
    const cancelled = startHandedReceiver(REDIRECT, { state: 's', signal: stop.signal, log });
    stop.abort();
    await assert.rejects(cancelled.result, CancelledError);
    const closed = startHandedReceiver(REDIRECT, { state: 's', log });
    await closed.close();
    await assert.rejects(closed.result, CancelledError);
    assert.equal(closed.deliver('code=c&state=s'), false);
  });
});
