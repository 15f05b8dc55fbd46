// Linode's upload limits, and the tuning of the transfer.

/** Largest compressed file Linode's own tools accept (Cloud Manager, linode-cli): 5 GiB. */
export const MAX_COMPRESSED_BYTES = 5 * 1024 ** 3;

/**
 * Largest decompressed image. The API documentation says "6 GB"; we read it as 6 × 10^9 bytes, the stricter
 * of the two readings (6 GiB would be 6,442,450,944), so nothing we let through can be refused for size later.
 */
export const MAX_DECOMPRESSED_BYTES = 6_000_000_000;

/** Linode cancels a container whose bytes have not arrived within 24 hours. */
export const UPLOAD_URL_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Decompressed bytes read before the upload to recognise the image's format (ISO 9660 needs 0x9006). */
export const HEAD_BYTES = 64 * 1024;

/** No byte accepted by the upload host for this long aborts the upload. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;

/** Progress events at most this often. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 250;
