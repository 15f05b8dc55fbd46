// Each upload in progress is written down in the extension's global state, so that one the window never saw
// through (closed, reloaded, crashed, or whose outcome could not be read) is reconciled on a later activation.
// One key per upload: windows share global state, and each writes only its own keys. Never the token.
import type * as vscode from 'vscode';

export const RECORD_KEY_PREFIX = 'linodeImages.upload.inProgress.';

export interface UploadRecord {
  /** Unique per upload (the key's end). */
  id: string;
  fileName: string;
  label: string;
  region: string;
  /** The API it went to: a record is reconciled only against the same one. */
  apiUrl: string;
  /** The account it went to (a keyed hash, never the token): reconciled only while that account is shown. */
  account?: string;
  startedAt: number;
  /** When `POST /images/upload` went out: a container whose create answer was lost is looked for from then on. */
  createStartedAt?: number;
  /** Once Linode made the container. */
  imageId?: string;
  /** Renewed while the window running the upload is alive; a record left without it belongs to a window gone. */
  aliveAt: number;
  /** The upload is over (or its window is closing) without everything settled: reconcile it at the next chance. */
  unresolved?: boolean;
}

export class UploadRecords {
  constructor(private readonly state: vscode.Memento) {}

  write(record: UploadRecord): Thenable<void> {
    return this.state.update(RECORD_KEY_PREFIX + record.id, record);
  }

  /** Merges `change` into the record, if it is still there. */
  async update(id: string, change: Partial<Omit<UploadRecord, 'id'>>): Promise<void> {
    const current = this.get(id);
    if (current) await this.write({ ...current, ...change });
  }

  forget(id: string): Thenable<void> {
    return this.state.update(RECORD_KEY_PREFIX + id, undefined);
  }

  get(id: string): UploadRecord | undefined {
    return asUploadRecord(this.state.get<unknown>(RECORD_KEY_PREFIX + id));
  }

  /** Every well-formed record; a malformed one (another version, a damaged store) is dropped. */
  async all(): Promise<UploadRecord[]> {
    const records: UploadRecord[] = [];
    for (const key of this.state.keys().filter((k) => k.startsWith(RECORD_KEY_PREFIX))) {
      const record = asUploadRecord(this.state.get<unknown>(key));
      if (record && key === RECORD_KEY_PREFIX + record.id) records.push(record);
      else await this.state.update(key, undefined);
    }
    return records;
  }
}

/** Global state is read back as it was stored, by any version of the extension: check the shape before use. */
function asUploadRecord(value: unknown): UploadRecord | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const r = value as Record<string, unknown>;
  const text = (key: string): boolean => typeof r[key] === 'string' && (r[key] as string).length > 0;
  const time = (key: string): boolean => typeof r[key] === 'number' && Number.isFinite(r[key]);
  const optional = (key: string, check: (key: string) => boolean): boolean => r[key] === undefined || check(key);
  const valid =
    ['id', 'fileName', 'label', 'region', 'apiUrl'].every(text) &&
    time('startedAt') &&
    time('aliveAt') &&
    optional('createStartedAt', time) &&
    optional('imageId', text) &&
    optional('account', text) &&
    optional('unresolved', (key) => typeof r[key] === 'boolean');
  return valid ? (value as UploadRecord) : undefined;
}
