// The trial Linodes of the account in use ("Try This Image"): the record of those this extension made (per account,
// in global state; see core/deploy/trialRecord.ts), their rows in the Images view's "Trial Linodes" section with how
// long each has existed and what it has cost so far, and the warning when one has existed longer than
// `linodeImages.trialWarningHours`. Linode is asked (one filtered listing) only while the record names a Linode, every
// REFRESH_SHOWN_MS while the view is shown and every REFRESH_HIDDEN_MS otherwise, so a forgotten trial is warned about
// even with the view closed.
import * as vscode from 'vscode';
import type { LinodeClient } from '../../core/api/client';
import { LinodeApiError } from '../../core/api/errors';
import type { Linode, LinodeType, Price } from '../../core/api/types';
import { formatDollars, formatDuration } from '../../core/deploy/format';
import { priceIn, trialCost } from '../../core/deploy/trialCost';
import {
  isEmptyRecord,
  isTrial,
  readTrialRecord,
  reconcileTrials,
  TRIAL_TAG,
  withCreated,
  withoutId,
  withoutPending,
  withPending,
  type TrialRecord,
} from '../../core/deploy/trialRecord';
import { l10n } from '../../core/l10n';
import { apiTimeMs } from '../../core/model/format';
import type { ApiSession } from '../apiSession';
import type { TokenStore } from '../auth/tokenStore';
import { errorMessage } from '../errors';
import { commandId } from '../ids';
import type { Logger } from '../log';
import type { PromptsHolder } from '../prompts';
import type { SerialMemento } from '../serialMemento';
import { readSettings } from '../settings';
import { profileOf } from './linodeAccess';

/** Where the records are kept: account → record. */
const RECORDS_KEY = 'trialLinodes';
const REFRESH_SHOWN_MS = 30_000;
const REFRESH_HIDDEN_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
const FIRST_LOOK_MS = 30_000;

/** A trial Linode as the section shows it. */
export interface TrialRow {
  linode: Linode;
  /** The plan's price in the Linode's region; undefined when Linode's plans could not be read. */
  price: Price | undefined;
  /** The plan's label ("Nanode 1GB"), or its id when the plans are unknown. */
  plan: string;
}

/** The section's row in the Images view, and a trial's row under it (what menus pass trial commands). */
export type TrialsNode = { type: 'trials'; id: 'trials' };
export type TrialNode = { type: 'trial'; id: string; row: TrialRow };

export function trialNode(row: TrialRow): TrialNode {
  return { type: 'trial', id: `trial:${row.linode.id}`, row };
}

export function isTrialNode(value: unknown): value is TrialNode {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as Partial<TrialNode>;
  return node.type === 'trial' && typeof node.row?.linode?.id === 'number';
}

export interface TrialLinodesDeps {
  session: ApiSession;
  tokens: TokenStore;
  globalState: SerialMemento;
  prompts: PromptsHolder;
  logger: Logger;
}

export type TrialDeletion = 'deleted' | 'gone' | 'notTrial';

export class TrialLinodes implements vscode.Disposable {
  /** The clock running times, costs and the warning go by; the tests move it on instead of waiting hours. */
  now: () => number = Date.now;
  private rowsShown: TrialRow[] = [];
  private loading: Promise<void> | undefined;
  private loadedOnce = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private visible: () => boolean = () => false;
  /** Account and Linode id of each trial warned about in this window. */
  private readonly warned = new Set<string>();
  private plans: Promise<LinodeType[]> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: TrialLinodesDeps) {
    // Another account's trials are not this one's: shown again once listed for the new account.
    this.subscriptions.push(deps.tokens.onDidChange(() => {
      this.setRows([]);
      this.loadedOnce = false;
      void this.refresh();
    }));
  }

  /**
   * Refreshes while `view` is shown, and at once when it is shown again. A first look comes FIRST_LOOK_MS after
   * activation even if the view stays closed (activation itself sends nothing), so an old trial is still warned about.
   */
  watch(view: vscode.TreeView<unknown>): vscode.Disposable {
    this.visible = () => view.visible;
    const firstLook = setTimeout(() => this.ensureLoaded(), FIRST_LOOK_MS);
    const subscription = view.onDidChangeVisibility(({ visible }) => {
      if (visible) void this.refresh();
    });
    return {
      dispose: () => {
        clearTimeout(firstLook);
        subscription.dispose();
      },
    };
  }

  /** The trials of the account in use, as last listed. */
  get rows(): readonly TrialRow[] {
    return this.rowsShown;
  }

  /** The first listing, once (the view asks when it draws its root). */
  ensureLoaded(): void {
    if (!this.loadedOnce) void this.refresh();
  }

  /** Lists the account's trials again (one at a time), redraws their rows and warns about old ones. */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  record(account: string): TrialRecord {
    return readTrialRecord(this.records()[account]);
  }

  /** Before a trial's create is sent: the record names it by label, so it is never left unnamed. */
  async beforeCreate(account: string, label: string): Promise<void> {
    await this.save(account, withPending(this.record(account), label, Date.now()));
  }

  /** The create was answered (or its lost answer found): the record names the Linode by id. */
  async created(account: string, linode: Linode): Promise<void> {
    await this.save(account, withCreated(this.record(account), linode.label, linode.id));
    this.setRows([...this.rowsShown.filter((row) => row.linode.id !== linode.id), await this.rowOf(linode)]);
    this.schedule(account);
  }

  /** Linode refused the create (a 4xx answer): nothing was made. Any other failure leaves the label for the listing. */
  async createFailed(account: string, label: string, error: unknown): Promise<void> {
    if (error instanceof LinodeApiError && error.status >= 400 && error.status < 500) {
      await this.save(account, withoutPending(this.record(account), label));
    }
  }

  /**
   * Deletes the Linode only when it is a trial this extension made in the account: its id in the record, and the tag
   * on it as Linode says now. `gone`: Linode no longer has it (forgotten here too); `notTrial`: nothing was sent.
   */
  async delete(client: LinodeClient, account: string, linodeId: number): Promise<TrialDeletion> {
    if (!this.record(account).ids.includes(linodeId)) return 'notTrial';
    let linode: Linode;
    try {
      linode = await client.getLinode(linodeId);
    } catch (error) {
      if (!(error instanceof LinodeApiError && error.status === 404)) throw error;
      await this.forget(account, linodeId);
      return 'gone';
    }
    if (!isTrial(this.record(account), linode)) return 'notTrial';
    try {
      await client.deleteLinode(linodeId);
    } catch (error) {
      if (!(error instanceof LinodeApiError && error.status === 404)) throw error;
    }
    await this.forget(account, linodeId);
    return 'deleted';
  }

  /** Minutes, cost so far and the rest of a row, at the section's clock. */
  costOf(row: TrialRow): { ms: number; dollars: number | undefined; billedHours: number | undefined; capped: boolean } {
    const now = this.now();
    const created = apiTimeMs(row.linode.created);
    const cost = row.price ? trialCost(row.price, row.linode.created, now) : undefined;
    return { ms: created === undefined ? 0 : Math.max(0, now - created), dollars: cost?.dollars, billedHours: cost?.billedHours, capped: cost?.capped ?? false };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }

  private async forget(account: string, linodeId: number): Promise<void> {
    await this.save(account, withoutId(this.record(account), linodeId));
    this.setRows(this.rowsShown.filter((row) => row.linode.id !== linodeId));
  }

  private records(): Record<string, unknown> {
    const stored = this.deps.globalState.get<unknown>(RECORDS_KEY);
    return typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  }

  private async save(account: string, record: TrialRecord): Promise<void> {
    const records = { ...this.records() };
    if (isEmptyRecord(record)) delete records[account];
    else records[account] = record;
    await this.deps.globalState.update(RECORDS_KEY, Object.keys(records).length > 0 ? records : undefined);
  }

  private async load(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // No request at all while no account has a trial on record.
    if (this.deps.tokens.current === undefined || Object.keys(this.records()).length === 0) {
      this.loadedOnce = true;
      this.setRows([]);
      return;
    }
    let account: string | undefined;
    try {
      const client = this.deps.session.client();
      account = (await profileOf(client, this.deps.tokens)).account;
      const record = this.record(account);
      if (isEmptyRecord(record)) {
        this.setRows([]);
        return;
      }
      const tagged = await client.listLinodes({ tag: TRIAL_TAG });
      const reconciled = reconcileTrials(record, tagged, Date.now());
      if (JSON.stringify(reconciled.record) !== JSON.stringify(record)) await this.save(account, reconciled.record);
      this.setRows(await Promise.all(reconciled.trials.map((linode) => this.rowOf(linode))));
      this.warnAboutOld(account);
    } catch (error) {
      // In the background: the rows stay as they were, and the next refresh tries again.
      this.deps.logger.warn(`Could not list the trial Linodes: ${errorMessage(error)}`);
    } finally {
      this.loadedOnce = true;
      if (account !== undefined) this.schedule(account);
    }
  }

  private schedule(account: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (isEmptyRecord(this.record(account))) return;
    this.timer = setTimeout(() => void this.refresh(), this.visible() ? REFRESH_SHOWN_MS : REFRESH_HIDDEN_MS);
  }

  private setRows(rows: TrialRow[]): void {
    const same = rows.length === this.rowsShown.length && rows.every((row, i) => JSON.stringify(row) === JSON.stringify(this.rowsShown[i]));
    this.rowsShown = rows;
    // Costs and running times move on with the clock: redrawn on every refresh while there are rows.
    if (!same || rows.length > 0) this.changed.fire();
  }

  private async rowOf(linode: Linode): Promise<TrialRow> {
    // Plans need no token and change rarely: read once per window (again after a failure).
    this.plans ??= this.deps.session.client().listLinodeTypes().catch((error: unknown) => {
      this.plans = undefined;
      this.deps.logger.warn(`Could not read Linode's plans for the trial costs: ${errorMessage(error)}`);
      return [];
    });
    const type = (await this.plans).find((candidate) => candidate.id === linode.type);
    return { linode, price: type ? (priceIn(type, linode.region) ?? undefined) : undefined, plan: type?.label ?? linode.type };
  }

  /** One warning per trial and window once it has existed `trialWarningHours`, with Delete. */
  private warnAboutOld(account: string): void {
    const hours = readSettings().trialWarningHours;
    if (hours <= 0) return;
    for (const row of this.rowsShown) {
      const key = `${account} ${row.linode.id}`;
      const { ms, dollars } = this.costOf(row);
      if (this.warned.has(key) || ms < hours * HOUR_MS) continue;
      this.warned.add(key);
      const remove = l10n.t('Delete Trial Linode');
      const message = dollars === undefined
        ? l10n.t('The trial Linode "{0}" has existed for {1} and is still billed by the hour. Delete it when you are done.', row.linode.label, formatDuration(ms))
        : l10n.t('The trial Linode "{0}" has existed for {1} and has cost {2} so far; it is billed by the hour until it is deleted.', row.linode.label, formatDuration(ms), formatDollars(dollars));
      void this.deps.prompts.current.warning(message, remove).then((choice) => {
        if (choice === remove) void vscode.commands.executeCommand(commandId('deleteTrialLinode'), trialNode(row));
      });
    }
  }
}
