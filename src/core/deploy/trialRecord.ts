// Which trial Linodes this extension made in an account: what "Delete Trial Linode" may delete, and nothing else.
// A Linode is a trial when it carries TRIAL_TAG and its id is in the record. The record names a create before it is
// sent (its label, unique in the account) and its id once Linode has answered, so a window closed mid-create still
// leaves the Linode named: the next listing of the account's tagged Linodes finds it by that label and records its
// id. Pure: the caller keeps the record (VS Code's global state, per account).
import { CLOCK_SKEW_MS } from '../api/lostCreates';
import type { Linode } from '../api/types';
import { apiTimeMs } from '../model/format';

/** The tag every trial Linode carries (Linode tags are 3–50 characters). */
export const TRIAL_TAG = 'linode-images-trial';

/** How long a create named by label only may take before the record stops waiting for it (a request's deadline is 60 s). */
const PENDING_FOR_MS = 30 * 60_000;

export interface PendingTrial {
  label: string;
  /** When the create was sent (ms since the epoch). */
  since: number;
}

export interface TrialRecord {
  ids: number[];
  pending: PendingTrial[];
}

export function emptyTrialRecord(): TrialRecord {
  return { ids: [], pending: [] };
}

/** A record as read from storage: anything unexpected counts as empty. */
export function readTrialRecord(value: unknown): TrialRecord {
  if (typeof value !== 'object' || value === null) return emptyTrialRecord();
  const { ids, pending } = value as Partial<Record<keyof TrialRecord, unknown>>;
  return {
    ids: Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : [],
    pending: Array.isArray(pending)
      ? pending.filter((p): p is PendingTrial => typeof p === 'object' && p !== null && typeof (p as PendingTrial).label === 'string' && typeof (p as PendingTrial).since === 'number')
      : [],
  };
}

export function isEmptyRecord(record: TrialRecord): boolean {
  return record.ids.length === 0 && record.pending.length === 0;
}

/** The record with a create about to be sent. */
export function withPending(record: TrialRecord, label: string, now: number): TrialRecord {
  return { ids: record.ids, pending: [...record.pending.filter((p) => p.label !== label), { label, since: now }] };
}

/** The record once Linode has answered the create of `label` with the Linode `id` (or it was found). */
export function withCreated(record: TrialRecord, label: string, id: number): TrialRecord {
  return { ids: record.ids.includes(id) ? record.ids : [...record.ids, id], pending: record.pending.filter((p) => p.label !== label) };
}

/** The record once the create of `label` failed for certain (nothing was made). */
export function withoutPending(record: TrialRecord, label: string): TrialRecord {
  return { ids: record.ids, pending: record.pending.filter((p) => p.label !== label) };
}

export function withoutId(record: TrialRecord, id: number): TrialRecord {
  return { ids: record.ids.filter((known) => known !== id), pending: record.pending };
}

/** Whether Delete Trial Linode may delete this Linode: tagged, and made by this extension in this account. */
export function isTrial(record: TrialRecord, linode: Pick<Linode, 'id' | 'tags'>): boolean {
  return record.ids.includes(linode.id) && linode.tags.includes(TRIAL_TAG);
}

/**
 * The record brought up to date with a complete listing of the account's Linodes that carry TRIAL_TAG: a pending
 * create found by its label (made after it was sent) gets its id; ids Linode no longer lists with the tag are
 * forgotten (deleted, or untagged elsewhere: no longer this extension's to delete); a pending create not found after
 * PENDING_FOR_MS is given up. Returns the record and the trials, in the listing's order.
 */
export function reconcileTrials(record: TrialRecord, tagged: readonly Linode[], now: number): { record: TrialRecord; trials: Linode[] } {
  let ids = record.ids.filter((id) => tagged.some((linode) => linode.id === id));
  const pending: PendingTrial[] = [];
  for (const wanted of record.pending) {
    const made = tagged.find((linode) => {
      const created = apiTimeMs(linode.created);
      return linode.label === wanted.label && created !== undefined && created >= wanted.since - CLOCK_SKEW_MS;
    });
    if (made) {
      if (!ids.includes(made.id)) ids = [...ids, made.id];
    } else if (now - wanted.since < PENDING_FOR_MS) {
      pending.push(wanted);
    }
  }
  const next = { ids, pending };
  return { record: next, trials: tagged.filter((linode) => isTrial(next, linode)) };
}
