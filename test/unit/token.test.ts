import * as assert from 'node:assert/strict';
import { checkTokenText, describeCharacter } from '../../src/core/api/token';

const GOOD = 'fa11acce55'.padEnd(64, '0');

describe('API token text', () => {
  it('accepts a token of visible ASCII, trimmed of the spaces and line breaks around it', () => {
    assert.deepEqual(checkTokenText(GOOD), { ok: true, token: GOOD });
    assert.deepEqual(checkTokenText(`  \t${GOOD}\r\n`), { ok: true, token: GOOD });
  });

  it('refuses every character that cannot go in an HTTP header, naming it and where it is, never the token', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['\u200b', 0x200b, /a zero-width space \(U\+200B\)/],
      ['…', 0x2026, /an ellipsis "…" \(U\+2026\)/],
      ['\u0001', 0x0001, /a control character \(U\+0001\)/],
      ['\u0000', 0x0000, /a NUL character \(U\+0000\)/],
      ['\u007f', 0x007f, /DEL control character/],
      [' ', 0x20, /a space/],
      ['\t', 0x09, /a tab/],
      ['\n', 0x0a, /a line break/],
      ['\u00a0', 0x00a0, /no-break space/],
      ['\ufeff', 0xfeff, /byte order mark/],
      ['é', 0x00e9, /"é" \(U\+00E9\)/],
      ['😀', 0x1f600, /"😀" \(U\+1F600\)/],
    ];
    for (const [bad, codePoint, named] of cases) {
      const token = `${GOOD.slice(0, 16)}${bad}${GOOD.slice(16)}`;
      const check = checkTokenText(token);
      assert.equal(check.ok, false, `accepted a token with U+${codePoint.toString(16)}`);
      if (check.ok) continue;
      assert.match(check.message, named);
      assert.match(check.message, /at position 17 of 65,/);
      assert.ok(!check.message.includes(GOOD.slice(0, 16)) && !check.message.includes(GOOD.slice(16)), `the message quotes the token: ${check.message}`);
      assert.match(describeCharacter(codePoint), named);
    }
  });

  it('says an empty token is empty, in the words of the caller', () => {
    assert.deepEqual(checkTokenText('   ', 'The token in LINODE_CLI_TOKEN'), { ok: false, message: 'The token in LINODE_CLI_TOKEN is empty.' });
  });
});
