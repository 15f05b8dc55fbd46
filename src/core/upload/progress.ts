// Throughput over a sliding window (so a slow start or a burst does not distort the estimate) and the ETA.
import { l10n } from '../l10n';

/**
 * `counting`: a raw image is being compressed to count the bytes it makes (nothing is sent yet; `bytesSent` and
 * `totalBytes` are uncompressed bytes read). `sending`: the bytes are going to the upload host.
 */
export type UploadPhase = 'counting' | 'sending';

export interface TransferProgress {
  /** Set by the upload (imageUpload.ts); a bare transfer leaves it out. */
  phase?: UploadPhase;
  /** Bytes the upload host has accepted (handed to the connection). */
  bytesSent: number;
  totalBytes: number;
  /** 0..1 */
  fraction: number;
  /** Recent throughput, bytes per second; 0 until it can be measured. */
  bytesPerSecond: number;
  /** Seconds left at the recent throughput; undefined until it can be estimated. */
  etaSeconds: number | undefined;
  elapsedMs: number;
  /** Compressed bytes the in-stream check has verified; undefined when it is off. */
  checkedBytes?: number;
}

export class ThroughputMeter {
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  constructor(
    private readonly totalBytes: number,
    private readonly startedAt: number,
    private readonly windowMs = 5_000,
  ) {
    this.samples.push({ at: startedAt, bytes: 0 });
  }

  sample(now: number, bytesSent: number): TransferProgress {
    this.samples.push({ at: now, bytes: bytesSent });
    while (this.samples.length > 2 && now - this.samples[1].at >= this.windowMs) this.samples.shift();
    const oldest = this.samples[0];
    const span = now - oldest.at;
    const bytesPerSecond = span > 0 ? ((bytesSent - oldest.bytes) * 1000) / span : 0;
    const remaining = this.totalBytes - bytesSent;
    return {
      bytesSent,
      totalBytes: this.totalBytes,
      fraction: this.totalBytes > 0 ? bytesSent / this.totalBytes : 1,
      bytesPerSecond,
      etaSeconds: remaining <= 0 ? 0 : bytesPerSecond > 0 ? remaining / bytesPerSecond : undefined,
      elapsedMs: now - this.startedAt,
    };
  }
}

/** "12.3 MB/s", in the MB (1024² bytes) every size in the UI is given in. */
export function formatRate(bytesPerSecond: number): string {
  const mb = bytesPerSecond / (1024 * 1024);
  return l10n.t('{0} MB/s', mb >= 100 ? mb.toFixed(0) : mb >= 10 ? mb.toFixed(1) : mb.toFixed(2));
}

/** "45 s", "3 min 20 s", "1 h 05 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return l10n.t('{0} s', s);
  if (s < 3600) return l10n.t('{0} min {1} s', Math.floor(s / 60), String(s % 60).padStart(2, '0'));
  return l10n.t('{0} h {1} min', Math.floor(s / 3600), String(Math.floor((s % 3600) / 60)).padStart(2, '0'));
}

/** "45% · 12.3 MB/s · 3 min 20 s left"; while a raw image is measured, "measuring the compressed size · 45% · …". */
export function describeProgress(progress: TransferProgress): string {
  const parts = [l10n.t('{0}%', Math.floor(progress.fraction * 100))];
  if (progress.phase === 'counting') parts.unshift(l10n.t('measuring the compressed size'));
  if (progress.bytesPerSecond > 0) parts.push(formatRate(progress.bytesPerSecond));
  if (progress.etaSeconds !== undefined && progress.bytesSent < progress.totalBytes) parts.push(l10n.t('{0} left', formatDuration(progress.etaSeconds)));
  if (progress.bytesSent >= progress.totalBytes && progress.checkedBytes !== undefined && progress.checkedBytes < progress.totalBytes) {
    parts.push(l10n.t('checking the data ({0}%)', Math.floor((progress.checkedBytes / progress.totalBytes) * 100)));
  }
  return parts.join(' · ');
}
