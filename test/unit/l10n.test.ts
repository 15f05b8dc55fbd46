// Localisation of the core: `fillPlaceholders` as VS Code fills `{0}`…, `useTranslator` installing and putting back
// a translator, and a pseudo-locale that wraps every message, to show that the texts the core produces for users
// come through the translator whole, with their placeholders filled.
import * as assert from 'node:assert/strict';
import { decodeAnswer, IMAGE, notJsonProblem, pageOf, REGION, UnparsedBody } from '../../src/core/api/decode';
import { LinodeResponseError } from '../../src/core/api/errors';
import { checkTokenText } from '../../src/core/api/token';
import type { ShareGroup } from '../../src/core/api/types';
import { describeDuration, SignInTimeoutError } from '../../src/core/auth/errors';
import { startLoopbackReceiver } from '../../src/core/auth/loopbackReceiver';
import { oauthError } from '../../src/core/auth/oauth';
import { fillPlaceholders, l10n, useTranslator, type L10nArg } from '../../src/core/l10n';
import { automaticExpiry, formatMegabytes, imageDescription, imageTooltipMarkdown, sharedWithText, timeUntil } from '../../src/core/model/format';
import { groupImages } from '../../src/core/model/grouping';
import { ACTION_PAST, whyNot } from '../../src/core/model/imageActions';
import { planRegionChange } from '../../src/core/model/replication';
import { deleteGroupQuestion, shareGroupSummary } from '../../src/core/model/sharing';
import { parseTags, validateLabel } from '../../src/core/model/validation';
import { UploadCancelledError, UploadFailedError, describeCleanup } from '../../src/core/upload/errors';
import { describeSize, foreignFormatError } from '../../src/core/upload/imageFile';
import { detectForeignFormat } from '../../src/core/upload/diskFormat';
import { describeProgress } from '../../src/core/upload/progress';
import { privateImage, publicImage, region } from './imageFixtures';

const ACCENTED: Record<string, string> = {
  a: 'å', e: 'é', i: 'î', o: 'ø', u: 'ü', c: 'ç', n: 'ñ', s: 'š', y: 'ý', z: 'ž',
  A: 'Å', E: 'É', I: 'Î', O: 'Ø', U: 'Ü', C: 'Ç', N: 'Ñ', S: 'Š', Y: 'Ý', Z: 'Ž',
};

/** The message with its letters accented; `{0}`… (digits and braces) stay as they are. */
function accented(message: string): string {
  return message.replace(/[A-Za-z]/g, (letter) => ACCENTED[letter] ?? letter);
}

/** A pseudo-locale: every message accented and wrapped in ⟦…⟧, its placeholders filled as VS Code does. */
function pseudo(message: string, args: readonly L10nArg[]): string {
  return `⟦${fillPlaceholders(accented(message), args)}⟧`;
}

/** Runs `body` with the pseudo-locale installed, and always puts the previous translator back. */
function inPseudoLocale<T>(body: () => T): T {
  const restore = useTranslator(pseudo);
  try {
    return body();
  } finally {
    restore();
  }
}

async function inPseudoLocaleAsync<T>(body: () => Promise<T>): Promise<T> {
  const restore = useTranslator(pseudo);
  try {
    return await body();
  } finally {
    restore();
  }
}

/** The text came through the translator: it is one wrapped message, with no placeholder left. */
function assertTranslated(text: string | undefined, ...mustContain: string[]): void {
  assert.ok(text !== undefined, 'no text');
  assert.match(text, /^⟦[\s\S]*⟧$/, `not through the translator: ${text}`);
  assert.doesNotMatch(text, /\{\d+\}/, `a placeholder was left unfilled: ${text}`);
  for (const part of mustContain) assert.ok(text.includes(part), `"${part}" missing from ${text}`);
}

function group(extra: Partial<ShareGroup> = {}): ShareGroup {
  return { id: 4, uuid: 'u', label: 'Team images', description: '', is_suspended: false, created: null, updated: null, expiry: null, images_count: 0, members_count: 0, ...extra };
}

const NOW = Date.parse('2026-03-01T12:00:00Z');
const DAY = 86_400_000;

describe('l10n', () => {
  describe('fillPlaceholders', () => {
    it('fills positional placeholders, in any order and as often as they appear', () => {
      assert.equal(fillPlaceholders('{1} before {0}, {0} again', ['a', 'b']), 'b before a, a again');
      assert.equal(fillPlaceholders('Delete {0}?', ['web']), 'Delete web?');
    });

    it('writes numbers and booleans as text', () => {
      assert.equal(fillPlaceholders('{0} of {1}: {2}', [3, 12.5, true]), '3 of 12.5: true');
      assert.equal(fillPlaceholders('{0}', [0]), '0');
      assert.equal(fillPlaceholders('{0}', [false]), 'false');
    });

    it('leaves a placeholder with no argument as written, and text without placeholders alone', () => {
      assert.equal(fillPlaceholders('{0} and {1}', ['one']), 'one and {1}');
      assert.equal(fillPlaceholders('No placeholders here.', ['unused']), 'No placeholders here.');
      assert.equal(fillPlaceholders('{10} of {x} and {}', []), '{10} of {x} and {}');
    });

    it('does not read placeholders in the arguments', () => {
      assert.equal(fillPlaceholders('{0} {1}', ['{1}', 'b']), '{1} b');
    });

    it('handles two-digit indexes', () => {
      const args = Array.from({ length: 11 }, (_, i) => `a${i}`);
      assert.equal(fillPlaceholders('{10} {1}', args), 'a10 a1');
    });
  });

  describe('useTranslator', () => {
    it('fills placeholders in English when no translator is installed', () => {
      assert.equal(l10n.t('Delete {0}? {1} images', 'web', 3), 'Delete web? 3 images');
    });

    it('routes every message through the installed translator, and the returned function puts the previous one back', () => {
      const seen: Array<[string, readonly L10nArg[]]> = [];
      const restore = useTranslator((message, args) => {
        seen.push([message, args]);
        return `T(${fillPlaceholders(message, args)})`;
      });
      try {
        assert.equal(l10n.t('Delete {0}?', 'web'), 'T(Delete web?)');
        assert.deepEqual(seen, [['Delete {0}?', ['web']]], 'the English message is the key, with its arguments apart');
      } finally {
        restore();
      }
      assert.equal(l10n.t('Delete {0}?', 'web'), 'Delete web?');
    });

    it('restores nested translators in turn', () => {
      const restoreOuter = useTranslator((message, args) => `outer:${fillPlaceholders(message, args)}`);
      try {
        const restoreInner = useTranslator((message, args) => `inner:${fillPlaceholders(message, args)}`);
        assert.equal(l10n.t('x {0}', 1), 'inner:x 1');
        restoreInner();
        assert.equal(l10n.t('x {0}', 1), 'outer:x 1');
      } finally {
        restoreOuter();
      }
      assert.equal(l10n.t('x {0}', 1), 'x 1');
    });
  });

  describe('the core in a pseudo-locale', () => {
    it('model/format: descriptions, sizes, times and the tooltip', () => {
      inPseudoLocale(() => {
        const automatic = privateImage(7, 'web', [{ region: 'us-east', status: 'pending replication' }], {
          size: 2560,
          type: 'automatic',
          expiry: new Date(NOW + 3 * DAY).toISOString().slice(0, 19),
          deprecated: true,
          image_sharing: { shared_with: { sharegroup_count: 2, sharegroup_list_url: null }, shared_by: null },
        });
        assertTranslated(formatMegabytes(2560), '2.5');
        assertTranslated(timeUntil(NOW + 5 * 3_600_000, NOW), '5');
        assertTranslated(timeUntil(NOW + 30_000, NOW));
        assertTranslated(automaticExpiry(automatic, NOW), '3');
        assertTranslated(sharedWithText(automatic), '2');
        // Each part of the row's description is a message of its own, joined by " · ".
        const parts = imageDescription(automatic, 'us-east', NOW).split(' · ');
        assert.equal(parts.length, 5, parts.join(' | '));
        for (const part of parts) assertTranslated(part);

        const tooltip = imageTooltipMarkdown(automatic, new Map([['us-east', region('us-east', 'Newark, NJ')]]), 'us-east', NOW);
        const rows = tooltip.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| |'));
        assert.ok(rows.length >= 10, tooltip);
        for (const row of rows) {
          const name = row.split(' | ')[0].slice(2);
          assertTranslated(name);
        }
        assert.match(tooltip, /\| ⟦[^|]*⟧ \| ⟦[^|]*⟧, ⟦[^|]*⟧ \|/, 'the type row: the kind and the type, each translated');
      });
    });

    it('model: validation, actions, replication, sharing and grouping', () => {
      inPseudoLocale(() => {
        assertTranslated(validateLabel(''));
        assertTranslated(validateLabel('x'.repeat(51)), '1', '50', '51');
        assertTranslated(validateLabel('bad/label'), '/');
        const tags = parseTags('ok-tag, no');
        assert.equal(tags.ok, false);
        if (!tags.ok) assertTranslated(tags.message, '"no"', '3', '50');

        assertTranslated(whyNot('edit', publicImage('debian12', 'Debian')));
        assertTranslated(whyNot('edit', privateImage(1, 'web', [], { status: 'creating' })), '"⟦çréåtîñg⟧"');
        assertTranslated(ACTION_PAST.delete);

        const plan = planRegionChange(privateImage(1, 'web', [{ region: 'us-east', status: 'available' }]), ['eu-west']);
        assert.equal(plan.kind, 'refused');
        if (plan.kind === 'refused') assertTranslated(plan.message, 'us-east');

        for (const part of shareGroupSummary(group({ images_count: 3, members_count: 1, is_suspended: true })).split(' · ')) assertTranslated(part);
        // The question is one message, with the sentence about the members (itself a whole message) in it.
        const question = deleteGroupQuestion(group({ images_count: 3, members_count: 2 }));
        assertTranslated(question, '"Team images"');
        assert.match(question, /^⟦[^⟦]*⟦[^⟧]*2[^⟧]*3[^⟧]*⟧[^⟧]*⟧$/, question);

        const tree = groupImages([privateImage(1, 'web', []), publicImage('debian12', 'Debian')], { groupBy: 'type', showPublicImages: true, regions: new Map() });
        for (const g of tree.groups) assertTranslated(g.label);
      });
    });

    it('upload: the cleanup sentences, the errors that carry them, file checks, sizes and progress', () => {
      inPseudoLocale(() => {
        const cleanup = { kind: 'deleteFailed', imageId: 'private/9', label: 'web', reason: 'HTTP 500' } as const;
        assertTranslated(describeCleanup(cleanup), 'private/9', '"web"', 'HTTP 500');
        assertTranslated(describeCleanup({ kind: 'several', label: 'web', imageIds: ['private/1', 'private/2'] }), 'private/1, private/2');

        const cancelled = new UploadCancelledError({ kind: 'deleted', imageId: 'private/9' });
        assertTranslated(cancelled.message, 'private/9');
        assert.match(cancelled.message, /^⟦.*⟦.*⟧⟧$/, 'the cleanup sentence sits whole inside the cancel message');
        const failed = new UploadFailedError(new Error('The upload host refused it.'), { kind: 'none' });
        assert.match(failed.message, /^The upload host refused it\. ⟦.*⟧$/, failed.message);

        assertTranslated(describeSize(5 * 1024 ** 3), '5', '5,368,709,120');
        assertTranslated(describeSize(100), '100');
        const qcow2 = detectForeignFormat(Buffer.from('QFI\xfb\0\0\0\x03', 'latin1'));
        assert.ok(qcow2);
        assertTranslated(qcow2.description);
        assertTranslated(qcow2.advice, 'qemu-img convert -O raw in.qcow2 disk.img');
        assertTranslated(foreignFormatError('disk.qcow2.gz', qcow2).message, 'disk.qcow2.gz');

        const progress = describeProgress({ bytesSent: 50, totalBytes: 100, fraction: 0.5, bytesPerSecond: 12.3e6, etaSeconds: 200, elapsedMs: 1000 });
        const progressParts = progress.split(' · ');
        assert.equal(progressParts.length, 3, progress);
        for (const part of progressParts) assertTranslated(part);
        assert.match(progress, /⟦⟦3 [^⟧]*20[^⟧]*⟧ [^⟧]*⟧$/, 'the duration is a message inside "… left"');
      });
    });

    it('api: decode errors, answers that are not JSON, token text', () => {
      inPseudoLocale(() => {
        const request = 'GET /v4/images/private%2F1';
        let error: unknown;
        try {
          decodeAnswer(IMAGE, { status: 200, contentType: 'application/json', body: { label: 'web', status: 'available' } }, request);
        } catch (caught) {
          error = caught;
        }
        assert.ok(error instanceof LinodeResponseError, String(error));
        assertTranslated(error.message, request);
        assert.match(error.message, /\(⟦id [^⟧]*⟧\)⟧$/, 'the detail is a message of its own, the field name untouched');

        try {
          decodeAnswer(pageOf(REGION), { status: 200, contentType: 'application/json', body: { data: [{ id: 5 }], page: 1, pages: 1, results: 1 } }, 'GET /v4/regions');
          assert.fail('decoded a region without a text id');
        } catch (caught) {
          assert.ok(caught instanceof LinodeResponseError);
          assertTranslated(caught.message, 'GET /v4/regions', 'data[0].id');
          assert.match(caught.message, /⟦å ñüm[^⟧]*⟧/, 'the kind of value is translated too');
        }

        assertTranslated(notJsonProblem('text/html', undefined, request), request);
        assertTranslated(notJsonProblem('text/plain', new UnparsedBody('oops'), request), request, 'text/plain', '"oops"');
        assertTranslated(notJsonProblem('text/csv', { rows: 1 }, request), request, 'text/csv');

        const empty = checkTokenText('   ');
        assert.equal(empty.ok, false);
        if (!empty.ok) assert.match(empty.message, /^⟦⟦[^⟧]*⟧ [^⟧]*⟧$/, 'the default "The token" is translated inside the sentence');
        const bad = checkTokenText('abc\u200bdef');
        assert.equal(bad.ok, false);
        if (!bad.ok) assertTranslated(bad.message, 'U+200B', '4', '7');
      });
    });

    it('auth: OAuth refusals, the sign-in timeout, durations', () => {
      inPseudoLocale(() => {
        assertTranslated(oauthError('invalid_grant', undefined, [], 'renew', 400).message, '(invalid_grant)');
        assertTranslated(oauthError('access_denied', undefined, [], 'sign-in').message, '(access_denied)');
        assertTranslated(oauthError('server_error', 'Busy now', [], 'sign-in', 503).message, 'busy now', '(server_error)');
        assertTranslated(describeDuration(5 * 60_000), '5');
        assertTranslated(describeDuration(60_000));
        assertTranslated(new SignInTimeoutError(90_000).message, '90');
      });
    });

    it("auth: the loopback listener's page, in the page's language, its texts translated and escaped", async () => {
      await inPseudoLocaleAsync(async () => {
        const receiver = await startLoopbackReceiver({ state: 'state-for-the-test', language: 'de', timeoutMs: 10_000 });
        try {
          const empty = await fetch(receiver.redirectUri);
          const page = await empty.text();
          assert.equal(empty.status, 400, 'no answer in the address');
          assert.match(page, /<html lang="de">/);
          assert.match(page, /<title>⟦[^<]*⟧<\/title>/);
          assert.match(page, /<p id="status" role="status">⟦[^<]*⟧<\/p>/);
          const answered = await fetch(`${receiver.redirectUri}?error=access_denied&state=state-for-the-test`);
          assert.equal(answered.status, 200);
          assert.match(await answered.text(), /<p id="status" role="status">⟦[^<]*⟧<\/p>/);
        } finally {
          await receiver.close();
        }
        await receiver.result.catch(() => undefined);
      });
    });
  });
});
