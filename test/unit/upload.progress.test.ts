// What the progress notification says: throughput over a sliding window, time left, and the wording.
import * as assert from 'node:assert/strict';
import { describeProgress, formatDuration, formatRate, ThroughputMeter } from '../../src/core/upload/progress';

describe('upload progress', () => {
  it('measures throughput over the recent window and estimates the time left from it', () => {
    const meter = new ThroughputMeter(100e6, 0, 5_000);
    meter.sample(1_000, 1e6); // a slow start: 1 MB/s
    meter.sample(6_000, 51e6); // then 10 MB/s
    const now = meter.sample(7_000, 61e6);
    // The window keeps only the last 5 s or so: (61 - 1) MB over 6 s is 10 MB/s, not the 8.7 MB/s average.
    assert.equal(Math.round(now.bytesPerSecond / 1e6), 10);
    assert.equal(Math.round(now.etaSeconds ?? -1), 4);
    assert.equal(now.fraction, 0.61);
    assert.equal(now.elapsedMs, 7_000);
  });

  it('has no estimate before anything moved, and none left at the end', () => {
    const meter = new ThroughputMeter(10, 0);
    assert.equal(meter.sample(0, 0).etaSeconds, undefined);
    assert.equal(meter.sample(1_000, 10).etaSeconds, 0);
  });

  it('words percent, rate and time left, then the check still running after the last byte', () => {
    assert.equal(
      describeProgress({ bytesSent: 45e6, totalBytes: 100e6, fraction: 0.45, bytesPerSecond: 12.34e6, etaSeconds: 200, elapsedMs: 0 }),
      '45% · 11.8 MB/s · 3 min 20 s left',
    );
    assert.equal(
      describeProgress({ bytesSent: 100e6, totalBytes: 100e6, fraction: 1, bytesPerSecond: 150e6, etaSeconds: 0, elapsedMs: 0, checkedBytes: 73e6 }),
      '100% · 143 MB/s · checking the data (73%)',
    );
    assert.equal(describeProgress({ bytesSent: 0, totalBytes: 1, fraction: 0, bytesPerSecond: 0, etaSeconds: undefined, elapsedMs: 0 }), '0%');
  });

  it('formats rates and durations', () => {
    assert.equal(formatRate(1_234_567), '1.18 MB/s');
    assert.equal(formatRate(2_000_000_000), '1907 MB/s');
    assert.equal(formatDuration(59.6), '1 min 00 s');
    assert.equal(formatDuration(3_725), '1 h 02 min');
  });
});
