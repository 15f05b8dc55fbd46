// Every answer recorded from the real Linode API (../shared/linode-api/recorded/, see test/support/recordedExchanges.ts)
// goes through the client's decoding, and the images through grouping and formatting, without an error. These are
// the answers the spec does not describe: public images with `regions: null` and no `total_size`, images of type
// `shared` with `updated: null`, distributed regions.
import * as assert from 'node:assert/strict';
import { DELETED, DISK, IMAGE, LINODE, PROFILE, REGION, UPLOAD_CONTAINER, decodeAnswer, errorReasons, pageOf, parseJsonText, UnparsedBody, type Decoder } from '../../src/core/api/decode';
import type { Image, Region } from '../../src/core/api/types';
import { imageDescription, imageTooltipMarkdown } from '../../src/core/model/format';
import { groupImages, type GroupBy, type ImageGroup, type SortBy } from '../../src/core/model/grouping';
import { describeAnswer, recordedAnswersOrSkip, type AnswerKind, type RecordedAnswer } from '../support/recordedExchanges';

const DECODERS: Record<AnswerKind, Decoder<unknown>> = {
  imagePage: pageOf(IMAGE),
  image: IMAGE,
  uploadContainer: UPLOAD_CONTAINER,
  deleted: DELETED,
  regionPage: pageOf(REGION),
  linodePage: pageOf(LINODE),
  linode: LINODE,
  diskPage: pageOf(DISK),
  profile: PROFILE,
};

function decoded(answer: RecordedAnswer): unknown {
  const kind = answer.kind as AnswerKind;
  return decodeAnswer(DECODERS[kind], { status: answer.status, contentType: answer.contentType ?? null, body: parseJsonText(answer.body) }, `${answer.method} /v4${answer.path}`);
}

function imagesOf(answer: RecordedAnswer): Image[] {
  const value = decoded(answer);
  if (answer.kind === 'imagePage') return (value as { data: Image[] }).data;
  if (answer.kind === 'uploadContainer') return [(value as { image: Image }).image];
  return answer.kind === 'image' ? [value as Image] : [];
}

describe('answers recorded from the real Linode API, through the decoder and the model', function () {
  let answers: RecordedAnswer[] = [];
  before(function () {
    answers = recordedAnswersOrSkip(this);
  });

  const successes = (): RecordedAnswer[] => answers.filter((a) => a.status >= 200 && a.status < 300 && a.kind !== undefined);

  it('decodes every successful answer to an endpoint the extension calls', () => {
    assert.ok(successes().length >= 30, `${successes().length} answers`);
    for (const answer of successes()) {
      assert.doesNotThrow(() => decoded(answer), describeAnswer(answer));
    }
    // The others (events, share groups, configs) are JSON too; the extension never asks for them.
    for (const answer of answers.filter((a) => a.kind === undefined)) {
      assert.ok(!(parseJsonText(answer.body) instanceof UnparsedBody), describeAnswer(answer));
    }
  });

  it('reads the reasons of every recorded error answer', () => {
    const failures = answers.filter((a) => a.status >= 400);
    assert.ok(failures.length >= 2);
    for (const answer of failures) {
      const reasons = errorReasons(parseJsonText(answer.body), answer.status, '');
      assert.ok(reasons.length > 0 && !reasons[0].reason.startsWith('HTTP '), `${describeAnswer(answer)}: ${JSON.stringify(reasons)}`);
    }
  });

  it("normalises the real API's nulls and keeps values the spec does not list", () => {
    const images = successes().flatMap(imagesOf);
    const publicImages = images.filter((i) => i.is_public);
    assert.ok(publicImages.length > 10);
    for (const image of publicImages) {
      assert.ok(Array.isArray(image.regions), `${image.id}: regions`);
      assert.equal(image.total_size, null, `${image.id}: total_size nobody sent`);
    }
    const shared = images.find((i) => i.type === 'shared');
    assert.ok(shared, 'an image of type shared');
    assert.equal(shared.updated, null);
    assert.equal(shared.created_by, null);
    const regions = successes().filter((a) => a.kind === 'regionPage').flatMap((a) => (decoded(a) as { data: Region[] }).data);
    assert.ok(regions.some((r) => r.site_type === 'distributed'), 'distributed regions are kept');
  });

  it('groups, sorts and formats every recorded image in every grouping, with each recorded region list', () => {
    const imageAnswers = successes().filter((a) => a.kind === 'imagePage' || a.kind === 'image' || a.kind === 'uploadContainer');
    const regionLists = successes().filter((a) => a.kind === 'regionPage').map((a) => new Map((decoded(a) as { data: Region[] }).data.map((r) => [r.id, r])));
    assert.ok(imageAnswers.length >= 10 && regionLists.length > 0);
    for (const answer of imageAnswers) {
      const images = imagesOf(answer);
      for (const regions of regionLists) {
        for (const groupBy of ['region', 'type', 'none'] as GroupBy[]) {
          for (const sortBy of ['label', 'created', 'size'] as SortBy[]) {
            const root = groupImages(images, { groupBy, sortBy, showPublicImages: true, regions });
            const entries = [...root.entries, ...root.groups.flatMap(function inGroup(g: ImageGroup): ImageGroup['entries'] { return [...g.entries, ...g.groups.flatMap(inGroup)]; })];
            assert.deepEqual(new Set(entries.map((e) => e.image.id)), new Set(images.map((i) => i.id)), `${describeAnswer(answer)} by ${groupBy}`);
            for (const { image, regionId } of entries) {
              const text = `${imageDescription(image, regionId)}\n${imageTooltipMarkdown(image, regions, regionId)}`;
              assert.ok(text.includes(image.id), `${describeAnswer(answer)}: ${image.id}`);
              assert.doesNotMatch(text, /undefined|NaN|\bnull\b/, `${describeAnswer(answer)}: ${image.id}\n${text}`);
            }
          }
        }
      }
    }
  });
});
