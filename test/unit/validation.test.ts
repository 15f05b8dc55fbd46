import * as assert from 'node:assert/strict';
import {
  descriptionFromLine,
  descriptionToLine,
  formatTags,
  IMAGE_LIMITS,
  parseTags,
  suggestImageLabel,
  validateDescription,
  validateLabel,
  validateTag,
} from '../../src/core/model/validation';

describe('image field validation (Cloud Manager rules)', () => {
  describe('label', () => {
    it('accepts letters, digits, spaces and , . ? - _ \' up to 50 characters', () => {
      for (const ok of ['a', 'web-base_2026', "Bob's image, v1.2?", 'x'.repeat(50), 'Debian 12 Disk']) {
        assert.equal(validateLabel(ok), undefined, ok);
      }
    });

    it('refuses an empty or blank label', () => {
      assert.match(validateLabel('') ?? '', /Enter a label/);
      assert.match(validateLabel('   ') ?? '', /Enter a label/);
    });

    it('refuses more than 50 characters, saying how many there are', () => {
      assert.equal(validateLabel('x'.repeat(51)), 'Label must be between 1 and 50 characters (now 51).');
    });

    it('refuses special characters and names them', () => {
      for (const bad of ['web/base', 'a@b', 'émoji', 'semi;colon', 'tab(s)', 'ok*']) {
        assert.match(validateLabel(bad) ?? '', /^Image labels cannot contain special characters/, bad);
      }
      assert.match(validateLabel('a@b#c@') ?? '', /\(@ #\)/);
    });

    it('suggests a valid label from a disk label', () => {
      assert.equal(suggestImageLabel('Debian 12 Disk'), 'Debian 12 Disk');
      assert.equal(suggestImageLabel('root (copy)/2'), 'root -copy--2');
      assert.equal(suggestImageLabel('x'.repeat(60)).length, IMAGE_LIMITS.labelMax);
      assert.equal(suggestImageLabel('@@@'), '---');
      assert.equal(suggestImageLabel('   '), 'image');
      for (const name of ['Debian 12 Disk', 'root (copy)/2', 'ü'.repeat(70), '   ']) {
        assert.equal(validateLabel(suggestImageLabel(name)), undefined, name);
      }
    });
  });

  describe('description', () => {
    it('allows up to 65,000 characters', () => {
      assert.equal(validateDescription(''), undefined);
      assert.equal(validateDescription('d'.repeat(65_000)), undefined);
      assert.equal(validateDescription('d'.repeat(65_001)), 'Description must be 65,000 characters or fewer (now 65,001).');
    });

    it('travels through a one-line box with its line breaks and backslashes intact', () => {
      for (const text of ['one line', 'two\nlines', 'windows\r\nbreak', 'a \\n literal', 'trailing\\', '']) {
        const line = descriptionToLine(text);
        assert.ok(!line.includes('\n'), JSON.stringify(line));
        assert.equal(descriptionFromLine(line), text.replace(/\r\n/g, '\n'));
      }
      assert.equal(descriptionToLine(null), '');
      assert.equal(descriptionToLine('a\nb'), 'a\\nb');
    });
  });

  describe('tags', () => {
    it('takes 3–50 characters per tag', () => {
      assert.equal(validateTag('abc'), undefined);
      assert.equal(validateTag('t'.repeat(50)), undefined);
      assert.equal(validateTag('ab'), 'Tag "ab" must be between 3 and 50 characters.');
      assert.match(validateTag('t'.repeat(51)) ?? '', /between 3 and 50/);
    });

    it('parses a comma-separated line: trimmed, empty pieces and duplicates dropped, order kept', () => {
      assert.deepEqual(parseTags(' web , prod,, web ,db1 '), { ok: true, tags: ['web', 'prod', 'db1'] });
      assert.deepEqual(parseTags(''), { ok: true, tags: [] });
      assert.deepEqual(parseTags(' , '), { ok: true, tags: [] });
      assert.equal(formatTags(['web', 'prod']), 'web, prod');
    });

    it('refuses a short or long tag, naming it', () => {
      assert.deepEqual(parseTags('web, ab'), { ok: false, message: 'Tag "ab" must be between 3 and 50 characters.' });
      assert.equal(parseTags(`web, ${'t'.repeat(51)}`).ok, false);
    });

    it('refuses more than 500 tags', () => {
      const tags = Array.from({ length: 501 }, (_, i) => `tag${i}`);
      assert.deepEqual(parseTags(tags.join(',')), { ok: false, message: 'At most 500 tags are allowed (now 501).' });
      assert.equal(parseTags(tags.slice(0, 500).join(',')).ok, true);
    });
  });
});
