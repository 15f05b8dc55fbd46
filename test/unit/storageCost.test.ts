// The storage a region change adds and frees, and what it costs a month, with exact figures.
import * as assert from 'node:assert/strict';
import {
  copyStorage,
  copyToggleNote,
  describeStorageChange,
  formatGigabytes,
  formatPrice,
  IMAGE_PRICE_PER_GB_MONTH,
  imageStorageChange,
  regionSelectionSummary,
  regionSets,
  storageChange,
  storageHeadline,
} from '../../src/core/model/storageCost';
import { privateImage } from './imageFixtures';

describe('storage cost', () => {
  it("uses Linode's published $0.10 per GB a month by default", () => {
    assert.equal(IMAGE_PRICE_PER_GB_MONTH, 0.1);
  });

  it('splits the regions into kept, added and removed, each copy the image size, priced at the rate', () => {
    const change = storageChange({ sizeMb: 1536, totalSizeMb: 3072, before: ['us-east', 'eu-west'], after: ['us-east', 'us-mia', 'fr-par'] });
    assert.deepEqual(change.kept, [{ region: 'us-east', megabytes: 1536, gigabytes: 1.5, monthlyPrice: 0.15 }]);
    assert.deepEqual(change.added, [
      { region: 'us-mia', megabytes: 1536, gigabytes: 1.5, monthlyPrice: 0.15 },
      { region: 'fr-par', megabytes: 1536, gigabytes: 1.5, monthlyPrice: 0.15 },
    ]);
    assert.deepEqual(change.removed, [{ region: 'eu-west', megabytes: 1536, gigabytes: 1.5, monthlyPrice: 0.15 }]);
    assert.equal(change.addedGigabytes, 3);
    assert.equal(change.freedGigabytes, 1.5);
    assert.equal(change.beforeGigabytes, 3);
    assert.equal(change.afterGigabytes, 4.5);
    assert.equal(change.reportedGigabytes, 3);
    assert.equal(change.addedMonthly, 0.3);
    assert.equal(change.freedMonthly, 0.15);
    assert.equal(change.monthlyBefore, 0.3);
    assert.equal(change.monthlyAfter, 0.45);
    assert.equal(change.monthlyChange, 0.15);
    assert.equal(change.ratePerGbMonth, 0.1);
    assert.equal(
      describeStorageChange(change),
      'This adds 2 copies (3 GB, +$0.30 a month) and frees 1.5 GB (−$0.15 a month): $0.45 a month in all instead of $0.30.',
    );
  });

  it('takes the rate as a parameter, and keeps prices exact to a hundredth of a cent', () => {
    // 2,500 MB is 2.44140625 GB: $0.29296875 a month at $0.12, kept as $0.293; $0.00244140625 at $0.001, kept as $0.0024.
    const change = storageChange({ sizeMb: 2500, before: ['us-east'], after: ['us-east', 'us-ord', 'us-lax'], ratePerGbMonth: 0.12 });
    assert.equal(change.added[0].gigabytes, 2.44140625);
    assert.equal(change.added[0].monthlyPrice, 0.293);
    assert.equal(change.addedMonthly, 0.5859);
    assert.equal(change.monthlyBefore, 0.293);
    assert.equal(change.monthlyAfter, 0.8789);
    assert.equal(change.monthlyChange, 0.5859);
    assert.equal(change.reportedGigabytes, null);
    assert.equal(describeStorageChange(change), 'This adds 2 copies (4.88 GB, +$0.59 a month): $0.88 a month in all instead of $0.29.');
    assert.equal(storageChange({ sizeMb: 2500, before: [], after: ['us-east'], ratePerGbMonth: 0.001 }).monthlyAfter, 0.0024);
  });

  it('says what a removal frees, and that nothing changes when nothing does', () => {
    const freed = storageChange({ sizeMb: 10_240, before: ['us-east', 'eu-west', 'ap-south'], after: ['us-east'] });
    assert.deepEqual(freed.removed.map((r) => r.region), ['eu-west', 'ap-south']);
    assert.equal(freed.freedGigabytes, 20);
    assert.equal(freed.monthlyChange, -2);
    assert.equal(describeStorageChange(freed), 'This frees 20 GB (−$2.00 a month): $1.00 a month in all instead of $3.00.');
    const one = storageChange({ sizeMb: 1000, before: ['us-east'], after: ['us-east', 'us-east', 'eu-west'] });
    assert.deepEqual(one.added.map((r) => r.region), ['eu-west'], 'a region named twice is one copy');
    assert.equal(describeStorageChange(one), 'This adds 1 copy (0.98 GB, +$0.10 a month): $0.20 a month in all instead of $0.10.');
    const same = storageChange({ sizeMb: 1000, before: ['us-east', 'eu-west'], after: ['eu-west', 'us-east'] });
    assert.deepEqual([same.added, same.removed, same.monthlyChange], [[], [], 0]);
    assert.equal(describeStorageChange(same), 'No change to the storage: $0.20 a month.');
  });

  it('starts from the copies an image holds, not those already being deleted, and says nothing without a size', () => {
    const image = privateImage(7, 'img', [
      { region: 'us-east', status: 'available' },
      { region: 'eu-west', status: 'pending deletion' },
      { region: 'us-mia', status: 'replicating' },
    ], { size: 2048, total_size: 4096 });
    const change = imageStorageChange(image, ['us-east', 'eu-west']);
    assert.ok(change);
    assert.deepEqual(change.kept.map((r) => r.region), ['us-east']);
    assert.deepEqual(change.added.map((r) => r.region), ['eu-west'], 'a copy being deleted that is kept is made again');
    assert.deepEqual(change.removed.map((r) => r.region), ['us-mia']);
    assert.equal(change.reportedGigabytes, 4);
    assert.equal(change.monthlyBefore, 0.4);
    assert.equal(imageStorageChange({ ...image, size: null }, ['us-east']), undefined);
  });

  it('shows sizes as Cloud Manager does, and prices in dollars', () => {
    assert.equal(formatGigabytes(1.5), '1.5 GB');
    assert.equal(formatGigabytes(2500 / 1024), '2.44 GB');
    assert.equal(formatGigabytes(12), '12 GB');
    assert.equal(formatGigabytes(1234.5), '1,234.5 GB');
    assert.equal(formatGigabytes(0), '0 GB');
    assert.equal(formatGigabytes(3 / 1024), '0.0029 GB', 'a small image is not "0 GB" beside its price');
    assert.equal(formatPrice(0.15), '$0.15');
    assert.equal(formatPrice(1234.5), '$1,234.50');
    assert.equal(formatPrice(0), '$0.00');
    assert.equal(formatPrice(0.0024), '$0.0024');
    assert.equal(formatPrice(-2), '-$2.00');
  });

  it('says in a region picker what ticking or unticking each region stores or frees, and what the ticked set adds, removes and keeps', () => {
    const copy = copyStorage(5120);
    assert.deepEqual(copy, { gigabytes: 5, monthlyPrice: 0.5 });
    assert.deepEqual(copyStorage(2400, 0.12), { gigabytes: 2.34375, monthlyPrice: 0.2813 });
    assert.equal(copyToggleNote(copy, false), 'tick to store 5 GB (+$0.50 a month)');
    assert.equal(copyToggleNote(copy, true), 'untick to free 5 GB (−$0.50 a month)');

    const before = ['us-east', 'eu-west', 'ap-south'];
    const asItIs = storageChange({ sizeMb: 5120, before, after: ['ap-south', 'us-east', 'eu-west'] });
    assert.equal(storageHeadline(asItIs), '15 GB, $1.50 a month');
    assert.equal(regionSelectionSummary(regionSets(before, before), asItIs), 'Kept: us-east, eu-west, ap-south (15 GB, $1.50 a month).');

    const after = ['us-east', 'fr-par', 'us-west'];
    const change = storageChange({ sizeMb: 5120, before, after });
    assert.deepEqual(regionSets(before, after), { kept: ['us-east'], added: ['fr-par', 'us-west'], removed: ['eu-west', 'ap-south'] });
    assert.equal(change.keptGigabytes, 5);
    assert.equal(change.keptMonthly, 0.5);
    assert.equal(storageHeadline(change), '15 GB → 15 GB, ±$0.00 a month');
    assert.equal(
      regionSelectionSummary(regionSets(before, after), change),
      'Added: fr-par, us-west (+10 GB, +$1.00 a month). Removed: eu-west, ap-south (frees 10 GB, −$1.00 a month). Kept: us-east (5 GB, $0.50 a month).',
    );
    assert.equal(storageHeadline(storageChange({ sizeMb: 2400, before: ['us-east'], after: ['us-east', 'fr-par'] })), '2.34 GB → 4.69 GB, +$0.23 a month');
    assert.equal(storageHeadline(storageChange({ sizeMb: 5120, before, after: ['us-east'] })), '15 GB → 5 GB, −$1.00 a month');
    assert.equal(regionSelectionSummary(regionSets(before, after)), 'Added: fr-par, us-west. Removed: eu-west, ap-south. Kept: us-east.', 'no size: the regions alone');
    assert.equal(regionSelectionSummary(regionSets(['us-east'], [])), 'Removed: us-east.');
  });
});
