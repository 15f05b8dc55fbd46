// @ts-check
// Drives the real VS Code workbench (code-server in headless Chromium) as a user would: mouse and keyboard
// only, reading what is on screen. The extension under test is the packaged .vsix, installed with
// `code-server --install-extension` exactly as a user installs it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench, PROJECT_ROOT, startCodeServer } from '../../scripts/test-host/codeServer.mjs';
import simulatorModule from './simulator.mjs';

export const VSIX = path.join(PROJECT_ROOT, 'linode-images.vsix');
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-output', 'screenshots');
const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' };

const SIDEBAR_ROWS = '.part.sidebar .monaco-list-row';
const QUICK_INPUT = '.quick-input-widget';

export class Workbench {
  /**
   * @param {{ apiUrl: string, theme: 'dark'|'light', env?: Record<string,string>, files?: Record<string, Buffer|string>,
   *   settings?: Record<string, unknown> }} o `settings` are merged over the ones set here
   */
  static async launch(o) {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-e2e-ws-'));
    for (const [name, content] of Object.entries(o.files ?? {})) fs.writeFileSync(path.join(workspace, name), content);
    const server = await startCodeServer({
      workspace,
      installVsix: VSIX,
      env: o.env ?? {},
      settings: {
        'linodeImages.apiUrl': o.apiUrl,
        'workbench.colorTheme': THEMES[o.theme],
        'workbench.tips.enabled': false,
        'workbench.layoutControl.enabled': false,
        'window.commandCenter': false,
        ...o.settings,
      },
    });
    try {
      const session = await openWorkbench(server.url, { folder: workspace, viewport: { width: 1280, height: 800 } });
      const workbench = new Workbench(server, session, workspace, o.theme);
      await session.page.locator('.part.activitybar').waitFor({ timeout: 60_000 });
      return workbench;
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  /**
   * @param {Awaited<ReturnType<typeof startCodeServer>>} server
   * @param {Awaited<ReturnType<typeof openWorkbench>>} session
   * @param {string} workspace
   * @param {'dark'|'light'} theme
   */
  constructor(server, session, workspace, theme) {
    this.server = server;
    this.session = session;
    this.page = session.page;
    this.workspace = workspace;
    this.theme = theme;
  }

  async close() {
    await this.session.close();
    await this.server.stop();
    fs.rmSync(this.workspace, { recursive: true, force: true });
  }

  /** Saves test-output/screenshots/<name>-<theme>.png, of the workbench or of another tab of its browser. */
  async screenshot(name, page = this.page) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}-${this.theme}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  linodeIcon() {
    return this.page.locator('.part.activitybar [aria-label^="Linode"]').first();
  }

  async openLinodeView() {
    await this.linodeIcon().click();
    // The side bar's title names the container ("Linode"; "Linode: Images" were it to hold one view only).
    await this.page.locator('.part.sidebar .composite.title', { hasText: 'Linode' }).first().waitFor();
  }

  /**
   * Clicks an action of a view's title bar by its label (in the view named `view`, when given). With several views in
   * the container, a view's header shows its actions only while the mouse is over the view (or it has focus): hover
   * it first, as a user does.
   */
  async clickViewAction(label, view) {
    const scope = view ? this.viewPane(view) : this.page.locator('.part.sidebar');
    const visible = scope.locator(`.action-label[aria-label="${label}"]:visible`).first();
    if (!(await visible.isVisible())) {
      const pane = view ? scope : this.page.locator('.part.sidebar .pane', { has: this.page.locator(`.action-label[aria-label="${label}"]`) }).first();
      await pane.locator('.pane-header').hover();
    }
    await visible.click();
  }

  /** The labels of the icons in the title bar of the view named `view` (hovered first, so they are drawn). */
  async viewActions(view) {
    const header = this.viewPane(view).locator('.pane-header');
    await header.hover();
    const actions = header.locator('.actions .action-item:not(.hidden) .action-label');
    await actions.first().waitFor();
    return actions.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
  }

  /**
   * Opens the menu of the view title bar's `menu` icon ("More Actions...", a submenu's label) in the view named `view`
   * and clicks its item `item`.
   */
  async clickViewMenuItem(menu, item, view = 'Images') {
    const opened = this.page.locator('.context-view .monaco-menu').first();
    for (let attempt = 1; attempt <= 3; attempt++) {
      // A click that lands while the header redraws opens nothing, and a redraw can close the menu it opened
      // before its item is reached: open it again, as a user would.
      await this.clickViewAction(menu, view);
      if (!(await opened.waitFor({ timeout: attempt * 5_000 }).then(() => true, () => false))) continue;
      try {
        await this.clickMenuItem(item, attempt * 10_000);
        return;
      } catch (error) {
        if (attempt === 3 || (await opened.isVisible())) throw error;
      }
    }
    throw new Error(`the menu "${menu}" did not open`);
  }

  /** Drags the side bar's edge until the side bar is `width` pixels wide (long labels and descriptions fit). */
  async setSideBarWidth(width) {
    const sidebar = this.page.locator('.part.sidebar');
    const box = await sidebar.boundingBox();
    assert.ok(box, 'the side bar is shown');
    const y = box.y + box.height - 40;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    await this.page.waitForFunction(
      ([selector, wanted]) => Math.abs(document.querySelector(selector).getBoundingClientRect().width - wanted) < 8,
      ['.part.sidebar', width],
      { timeout: 10_000 },
    );
  }

  async pickQuickItem(text) {
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first().click();
  }

  async openExplorer() {
    await this.page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
    await this.page.locator('.explorer-folders-view').waitFor();
  }

  explorerRow(name) {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) }).first();
  }

  /** The Images view's welcome content (the Share Groups view, beside it, has its own). */
  welcomeView() {
    return this.viewPane('Images').locator('.welcome-view-content');
  }

  /** Visible tree rows of the side bar, as { label, description } read off the screen. */
  async rows() {
    return this.page.locator(SIDEBAR_ROWS).evaluateAll((rows) =>
      rows.map((row) => ({
        label: row.querySelector('.label-name')?.textContent?.trim() ?? row.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        selected: row.classList.contains('selected'),
        focused: row.classList.contains('focused'),
      })),
    );
  }

  /** The row whose label is exactly `label` (the n-th one, for an image shown under several regions). */
  row(label, nth = 0) {
    return this.page
      .locator(SIDEBAR_ROWS)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .nth(nth);
  }

  /** The pane of the side bar's view named `name` ("Images", "Share Groups"), when its container shows several. */
  viewPane(name) {
    return this.page
      .locator('.part.sidebar .pane')
      .filter({ has: this.page.locator('.pane-header .title', { hasText: new RegExp(`^${escapeRegExp(name)}$`, 'i') }) })
      .first();
  }

  /** Like row(), within the view named `view`. */
  rowIn(view, label, nth = 0) {
    return this.viewPane(view)
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .nth(nth);
  }

  /**
   * Scrolls the view named `view` with the mouse wheel until its row `label` is drawn (its list draws only the rows
   * in sight, and a view sharing its container with another has half the height), and returns that row.
   */
  async revealRowIn(view, label, timeout = 30_000) {
    const row = this.rowIn(view, label);
    const list = this.viewPane(view).locator('.monaco-list').first();
    await list.waitFor({ timeout });
    const box = await list.boundingBox();
    assert.ok(box, `the ${view} view's list is shown`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
    const deadline = Date.now() + timeout;
    for (let direction = -1; ; ) {
      if (await row.isVisible()) return row;
      if (Date.now() > deadline) break;
      const scrollTop = await list.locator('.monaco-scrollable-element').first().evaluate((el) => /** @type {HTMLElement | null} */ (el.querySelector('.monaco-list-rows'))?.style.top ?? '');
      await this.page.mouse.wheel(0, direction * 120);
      // The list redraws on the next frame; at an end of the list nothing moves, and the other way is tried.
      await this.page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => resolve(true))));
      const after = await list.locator('.monaco-scrollable-element').first().evaluate((el) => /** @type {HTMLElement | null} */ (el.querySelector('.monaco-list-rows'))?.style.top ?? '');
      if (after === scrollTop && direction === -1) direction = 1;
      else if (after === scrollTop) await row.waitFor({ timeout: 1_000 }).catch(() => {});
    }
    throw new Error(`no row "${label}" in the ${view} view`);
  }

  /** Opens the view named `view` if its pane is collapsed (Share Groups starts collapsed under Images). */
  async expandView(view) {
    const header = this.viewPane(view).locator('.pane-header').first();
    await header.waitFor({ timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await this.page.waitForFunction(
      (el) => el.getAttribute('aria-expanded') === 'true',
      await header.elementHandle(),
      { timeout: 30_000 },
    );
  }

  /** Like rows(), within the view named `view`. */
  async rowsIn(view) {
    return this.viewPane(view).locator('.monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => ({
        label: row.querySelector('.label-name')?.textContent?.trim() ?? row.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
      })),
    );
  }

  async waitForRow(label, timeout = 30_000) {
    await this.row(label).waitFor({ timeout });
  }

  async waitForNoRow(label, timeout = 30_000) {
    await this.row(label).waitFor({ state: 'detached', timeout });
  }

  /** Right-clicks a row and returns the labels of the context menu's enabled items. */
  async contextMenu(rowLocator) {
    // A right-click that lands while the tree redraws (after a delete, a poll) opens nothing: try again, as a
    // user would, before giving up.
    const menu = this.page.locator('.context-view .monaco-menu').first();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await rowLocator.waitFor({ timeout: 30_000 });
      await rowLocator.click({ button: 'right' });
      if (await menu.waitFor({ timeout: attempt * 5_000 }).then(() => true, () => false)) break;
      await this.page.keyboard.press('Escape');
    }
    return this.menuItems();
  }

  async menuItems() {
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.first().waitFor({ timeout: 10_000 });
    return menu.locator('.action-item:not(.disabled) .action-label:not(.separator)').allInnerTexts().then((items) => items.map((i) => i.trim()).filter(Boolean));
  }

  /** Moves the open menu's focus with the arrow keys to `label` (no mouse). */
  async focusMenuItemByKeyboard(label) {
    const focused = this.page.locator('.context-view .monaco-menu .action-item.focused .action-label');
    for (let i = 0; i < 20; i++) {
      await this.page.keyboard.press('ArrowDown');
      if (((await focused.innerText().catch(() => '')) || '').trim() === label) return;
    }
    throw new Error(`menu item "${label}" never got keyboard focus`);
  }

  /** Closes whatever menu, picker or dialog a failed step left open, so the next test starts clean. */
  async dismissAll() {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-dialog-box, .context-view .monaco-menu').first().waitFor({ state: 'detached', timeout: 2_000 }).catch(() => {});
  }

  async clickMenuItem(label, timeout = 30_000) {
    const menu = this.page.locator('.context-view .monaco-menu');
    const item = menu.locator('.action-item .action-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).first();
    // A menu that is still settling can swallow a click: hover first, and click again if it stayed open.
    for (let attempt = 0; attempt < 3; attempt++) {
      await item.hover({ timeout });
      await item.click({ timeout });
      if (await menu.first().waitFor({ state: 'detached', timeout: 2_000 }).then(() => true, () => false)) return;
    }
    throw new Error(`the menu stayed open after clicking "${label}"`);
  }

  async closeMenu() {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
  }

  /** Runs a command from the command palette by its title. */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator(`${QUICK_INPUT} input`);
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Waits until the quick input shows the step whose title contains `text` (its input is reused between steps). */
  async waitForQuickInputTitle(text) {
    await this.page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: text }).first().waitFor();
  }

  quickInput() {
    return this.page.locator(`${QUICK_INPUT} input`);
  }

  async quickInputVisible() {
    return this.page.locator(QUICK_INPUT).isVisible();
  }

  /** The validation message under the quick input box, or ''. */
  async quickInputMessage() {
    return (await this.page.locator(`${QUICK_INPUT} .quick-input-message`).innerText().catch(() => '')).trim();
  }

  async typeIntoQuickInput(text, { submit = true } = {}) {
    const input = this.quickInput();
    await input.waitFor();
    await input.fill(text);
    if (submit) await this.page.keyboard.press('Enter');
  }

  dialog() {
    return this.page.locator('.monaco-dialog-box');
  }

  async dialogText() {
    const box = this.dialog();
    await box.waitFor({ timeout: 10_000 });
    return (await box.innerText()).trim();
  }

  async clickDialogButton(label) {
    await this.dialog().locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click();
    await this.dialog().waitFor({ state: 'detached' });
  }

  /** Texts of the notification toasts on screen. */
  async notifications() {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  async waitForNotification(pattern, timeout = 30_000) {
    const toast = this.page.locator('.notification-toast .notification-list-item-message', { hasText: pattern });
    await toast.first().waitFor({ timeout });
    return (await toast.first().innerText()).trim();
  }

  /** Every notification of the session, read from the notification center (toasts hide themselves). */
  async allNotifications() {
    await this.runCommand('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    await center.waitFor();
    const messages = await center.locator('.notification-list-item-message').allInnerTexts();
    await this.page.keyboard.press('Escape');
    return messages.map((m) => m.trim());
  }

  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications').catch(() => {});
    await this.page.waitForTimeout(200);
  }
}

/**
 * The set-up of a suite that starts signed in: registers its hooks and hands the suite its simulator and workbench.
 * Before it: a simulator of its own (`simulator`: its options), the workbench launched on it (`launch`: more launch
 * options), the token (`token`, the simulator's own by default) set through the palette, then the suite's own
 * `ready(wb, sim)`. After a failed test: a screenshot, then whatever it left open is closed (after every test, unless
 * `dismissAfterEach` is false: a suite whose steps go on from each other's screen). After it: both closed.
 * @param {{ theme: 'dark'|'light', simulator?: import('../../simulator/index.js').SimulatorOptions, token?: string,
 *   launch?: { env?: Record<string,string>, files?: Record<string, Buffer|string>, settings?: Record<string, unknown> },
 *   ready?: (wb: Workbench, sim: import('./simulator.mjs').Simulator) => Promise<void>, dismissAfterEach?: boolean }} o
 * @param {(suite: { sim: import('./simulator.mjs').Simulator, wb: Workbench }) => void} use
 */
export function signedInWorkbench(o, use) {
  /** @type {import('./simulator.mjs').Simulator | undefined} */
  let sim;
  /** @type {Workbench | undefined} */
  let wb;
  before(async () => {
    sim = await simulatorModule.startSimulator(o.simulator);
    wb = await Workbench.launch({ ...o.launch, apiUrl: sim.apiUrl, theme: o.theme });
    await signIn(wb, o.token ?? simulatorModule.SIMULATOR_TOKEN);
    await o.ready?.(wb, sim);
    use({ sim, wb });
  });
  afterEach(async function () {
    if (!wb) return;
    const failed = this.currentTest?.state === 'failed';
    if (failed) await wb.screenshot(`failed-${this.currentTest?.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
    if (failed || o.dismissAfterEach !== false) await wb.dismissAll().catch(() => {});
  });
  after(async () => {
    await wb?.close();
    await sim?.close();
  });
}

/** Sets the token through the palette, as a user would, and waits for the tree. */
export async function signIn(wb, token) {
  await wb.openLinodeView();
  await wb.runCommand('Linode Images: Set API Token');
  await wb.typeIntoQuickInput(token);
  await wb.waitForRow('us-east · Newark, NJ');
  await wb.clearNotifications();
}

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
