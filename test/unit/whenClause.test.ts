import * as assert from 'node:assert/strict';
import { evaluateWhen } from '../support/whenClause';

describe('when-clause evaluator (test support)', () => {
  const context = { view: 'linodeImages.images', viewItem: 'image.private.available.settling', 'linodeImages.hasToken': true };

  it('compares, matches and combines as VS Code does', () => {
    assert.equal(evaluateWhen('view == linodeImages.images', context), true);
    assert.equal(evaluateWhen("view == 'linodeImages.images'", context), true);
    assert.equal(evaluateWhen('view != linodeImages.images', context), false);
    assert.equal(evaluateWhen('viewItem =~ /^image\\.private\\.available(\\.settling)?$/', context), true);
    assert.equal(evaluateWhen('viewItem =~ /^image\\.public$/', context), false);
    assert.equal(evaluateWhen('view == linodeImages.images && linodeImages.hasToken', context), true);
    assert.equal(evaluateWhen('view == other || linodeImages.hasToken', context), true);
    assert.equal(evaluateWhen('!linodeImages.hasToken || view == other', context), false);
    assert.equal(evaluateWhen('!(view == other || missing)', context), true);
    assert.equal(evaluateWhen('missing', context), false);
    assert.equal(evaluateWhen('missing != x', context), true);
    assert.equal(evaluateWhen('false', context), false);
  });

  it('binds && tighter than ||', () => {
    assert.equal(evaluateWhen('missing && missing || linodeImages.hasToken', context), true);
    assert.equal(evaluateWhen('linodeImages.hasToken || missing && missing', context), true);
    assert.equal(evaluateWhen('missing && (missing || linodeImages.hasToken)', context), false);
  });

  it('refuses syntax it does not know instead of guessing', () => {
    assert.throws(() => evaluateWhen('a in b', context), /Unsupported/);
    assert.throws(() => evaluateWhen('a < 3', context), /Unsupported/);
    assert.throws(() => evaluateWhen('viewItem =~ image', context), /Unsupported/);
    assert.throws(() => evaluateWhen('(a', context), /Unsupported/);
  });
});
