// @ts-check
// Share-group membership between two accounts, both in one workbench (Switch Account… in the Images view's title bar
// menu between them): the owner (sim-user) copies its group's ID; the teammate (sim-teammate) joins with it and copies
// the token shown once in a modal; the owner adds that token as a member and shares an image into the group; the
// teammate finds the image under Groups I Joined, read-only; the owner removes the member after a modal; the teammate
// no longer sees the image. What goes between the accounts goes by the clipboard, as users hand it over.
import assert from 'node:assert/strict';
import simulatorModule from './simulator.mjs';
import { escapeRegExp, signedInWorkbench } from './workbench.mjs';

/** @typedef {import('./workbench.mjs').Workbench} Workbench */

const { SIMULATOR_TOKEN, SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TEAMMATE_USERNAME, SIMULATOR_USERNAME, SEED_IDS } = simulatorModule;

// A busy machine (other test runs beside): be patient, but only ever wait for something on screen.
const LONG = 60_000;
const IMAGES = 'Images';
const SHARE_GROUPS = 'Share Groups';
const JOINED = 'Groups I Joined';
// The owner's group, made empty for this test (the seed's "Team images" has sim-teammate as a member already).
const GROUP = 'Release images';
// web-base-2024: available, private, us-east only, in no share group of the `sharing` seed.
const IMAGE = 'web-base-2024';
const IMAGE_ID = SEED_IDS.images.singleRegion;
const MEMBER = 'teammate';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
// What a shared image's menu may offer its receiver: nothing that changes it.
const READ_ONLY = new Set(['Show Image Details', 'Copy Image ID']);
const DEPLOY = ['Deploy to New Linode…', 'Rebuild an Existing Linode…', 'Try This Image'];
const CHANGES = /Share|Stop Sharing|Rename|Edit|Delete|Manage|Replicat|Remove|Add Member/;

describe('sharing members: copy the group ID, join, add the member, share, remove, between two accounts (dark theme)', function () {
  // Each step needs the one before: after a failure, the rest would only fail too.
  this.bail(true);
  /** @type {import('./simulator.mjs').Simulator} */
  let sim;
  /** @type {Workbench} */
  let wb;
  /** @type {{ id: number, uuid: string }} */
  let group;
  /** The membership token, as the teammate copied it. */
  let token = '';

  signedInWorkbench(
    {
      theme: 'dark',
      simulator: { seed: 'sharing', lifecycleMs: 1500 },
      launch: { settings: { 'linodeImages.apiVersion': 'v4beta' } },
      // Each step goes on from the screen the one before left.
      dismissAfterEach: false,
      ready: async (workbench, simulator) => {
        // Made before the Share Groups view first shows (it reads nothing until then).
        const seeded = simulator.state.sharing.groups.get(SEED_IDS.sharing.groupId);
        assert.ok(seeded, 'the seed has sim-user\'s group');
        group = simulator.state.sharing.createGroup({ label: GROUP, description: 'Images for the release team.', created: '2024-11-01T09:00:00', account: seeded.account });
        // The clipboard carries the group's ID and the token between the accounts, as a user hands them over.
        await workbench.session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(workbench.page.url()).origin });
        // Wide enough for the rows' descriptions ("0 images · 1 member", "active · expires …").
        await workbench.setSideBarWidth(560);
        await workbench.expandView(SHARE_GROUPS);
      },
    },
    (suite) => ({ sim, wb } = suite),
  );

  async function readClipboard() {
    return wb.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Waits until the clipboard holds what `check` accepts; returns it. */
  async function waitForClipboard(check, what) {
    const deadline = Date.now() + LONG;
    for (;;) {
      const text = await readClipboard().catch(() => '');
      if (check(text)) return text;
      assert.ok(Date.now() < deadline, `the clipboard never held ${what} (it holds "${text}")`);
      await wb.page.waitForTimeout(250);
    }
  }

  /** Pastes the clipboard into the focused quick input with the keyboard, and checks it arrived. */
  async function pasteIntoQuickInput(expected) {
    const input = wb.quickInput();
    await input.waitFor({ timeout: LONG });
    await input.focus();
    await wb.page.keyboard.press('Control+V');
    await wb.page.waitForFunction(([el, want]) => /** @type {HTMLInputElement} */ (el).value === want, [await input.elementHandle(), expected], { timeout: LONG });
  }

  /** Waits until the input box's prompt (the text under it) says `text`: the box is reused between steps. */
  async function waitForPrompt(text) {
    await wb.page.locator('.quick-input-widget .quick-input-message', { hasText: text }).first().waitFor({ timeout: LONG });
  }

  /** The Images view's description: the account it shows. */
  async function waitForAccount(username) {
    await wb.viewPane(IMAGES).locator('.pane-header .description', { hasText: new RegExp(`^\\s*${escapeRegExp(username)}\\s*$`) }).first().waitFor({ timeout: LONG });
  }

  /**
   * Switch Account… in the Images view's title bar menu: the account if it is stored, else Add a Personal Access
   * Token… with its token.
   */
  async function switchTo(username, accountToken) {
    await wb.clickViewMenuItem('More Actions...', 'Switch Account…', IMAGES);
    await wb.waitForQuickInputTitle('Linode Account');
    const names = (await wb.page.locator('.quick-input-widget .monaco-list-row .label-name').allInnerTexts()).map((n) => n.trim());
    if (names.includes(username)) {
      await wb.pickQuickItem(new RegExp(`^\\s*${escapeRegExp(username)}`));
    } else {
      await wb.pickQuickItem('Add a Personal Access Token…');
      await wb.waitForQuickInputTitle('Linode API Token');
      await wb.typeIntoQuickInput(accountToken);
    }
    await waitForAccount(username);
    await wb.page.locator('.notification-toast', { hasText: 'Checking the token with Linode' }).first().waitFor({ state: 'detached', timeout: LONG });
    await wb.clearNotifications();
  }

  /**
   * Takes the screenshot `name` with the Images view collapsed, so the Share Groups view has the side bar, then opens
   * the Images view again.
   */
  async function shareGroupsScreenshot(name) {
    const header = wb.viewPane(IMAGES).locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    await wb.page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'false', await header.elementHandle(), { timeout: LONG });
    await wb.page.mouse.move(0, 0);
    await wb.screenshot(name);
    await wb.expandView(IMAGES);
  }

  /** Opens a collapsed tree row of the Share Groups view (a click on a collapsed row opens it). */
  async function expandRow(row) {
    await row.waitFor({ timeout: LONG });
    for (let attempt = 1; (await row.getAttribute('aria-expanded')) !== 'true'; attempt++) {
      // The hover card of the row above can cover this one (seen on a busy machine): move the pointer away first.
      await wb.page.mouse.move(0, 0);
      await wb.page.locator('.monaco-hover').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
      await row.click();
      const opened = await wb.page
        .waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 20_000 })
        .then(() => true, () => false);
      if (opened) break;
      if (attempt === 3) assert.fail(`the row ${await row.innerText()} did not open after 3 clicks`);
    }
  }

  /** The Share Groups view's rows with their tree level, as on screen. */
  async function shareGroupRows() {
    return wb.viewPane(SHARE_GROUPS).locator('.monaco-list-row').evaluateAll((els) =>
      els.map((el) => ({
        label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
        level: Number(el.getAttribute('aria-level')),
      })),
    );
  }

  /** The row `label` at tree level `level` of the Share Groups view (rows repeat labels: "Images", "Members"). */
  function childRow(level, label) {
    return wb.viewPane(SHARE_GROUPS).locator(`.monaco-list-row[aria-level="${level}"]`).filter({
      has: wb.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
    }).first();
  }

  it('the owner copies its group\'s ID with Copy Group ID', async () => {
    const row = wb.rowIn(SHARE_GROUPS, GROUP);
    await row.locator('.label-description', { hasText: '0 images · 0 members' }).waitFor({ timeout: LONG });
    const items = await wb.contextMenu(row);
    assert.ok(items.includes('Copy Group ID') && items.includes('Add Member…'), `menu: ${items.join(' | ')}`);
    await wb.clickMenuItem('Copy Group ID');
    assert.equal(await waitForClipboard((text) => text === group.uuid, `the ID of "${GROUP}"`), group.uuid);
  });

  it('the teammate joins with the ID (Join a Share Group…) and copies the token shown once', async () => {
    await switchTo(SIMULATOR_TEAMMATE_USERNAME, SIMULATOR_TEAMMATE_TOKEN);
    // sim-teammate's view: no groups of its own; the seed's "Team images", joined.
    await wb.rowIn(SHARE_GROUPS, 'Team images').waitFor({ timeout: LONG });
    assert.ok(!(await wb.rowIn(SHARE_GROUPS, GROUP).isVisible()), 'not yet joined');

    await wb.clickViewAction('Join a Share Group…', SHARE_GROUPS);
    await wb.waitForQuickInputTitle('Join a Share Group');
    await waitForPrompt("The share group's ID");
    await pasteIntoQuickInput(group.uuid);
    await wb.page.keyboard.press('Enter');

    // The token, once, in a modal: Copy puts it on the clipboard.
    const dialog = wb.dialog();
    await dialog.locator('.dialog-message-text', { hasText: `Your membership token for "${GROUP}"` }).waitFor({ timeout: LONG });
    const text = await wb.dialogText();
    assert.match(text, /Send this token to the owner of the share group/);
    const shown = text.split(/\s+/).find((word) => JWT.test(word));
    assert.ok(shown, `the modal shows the token: ${text}`);
    // The input box fades out behind the modal: let it go before the screenshot.
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: LONG });
    await wb.page.mouse.move(0, 0);
    await wb.screenshot('sharing-join-token');
    await wb.clickDialogButton('Copy');
    token = await waitForClipboard((clip) => JWT.test(clip), 'a membership token');
    assert.equal(token, shown, 'the token copied is the one shown');

    // The group waits under Groups I Joined, pending until the owner adds the token.
    const pending = wb.rowIn(SHARE_GROUPS, GROUP);
    await pending.locator('.label-description', { hasText: /^pending/ }).waitFor({ timeout: LONG });
    const rows = await shareGroupRows();
    const at = rows.findIndex((r) => r.label === JOINED);
    assert.ok(at >= 0, `rows: ${rows.map((r) => r.label).join(' | ')}`);
    assert.deepEqual(rows.slice(at + 1, at + 3).map((r) => [r.label, r.level]), [[GROUP, 2], ['Team images', 2]]);
    // The token went to no notification but the one saying it was copied, which does not quote it.
    assert.ok(!(await wb.notifications()).some((n) => n.includes(token)), 'no notification quotes the token');
  });

  it('the owner adds the token as a member (Add Member…) and shares an image into the group (Share Image…)', async () => {
    await switchTo(SIMULATOR_USERNAME, SIMULATOR_TOKEN);
    const groupRow = wb.rowIn(SHARE_GROUPS, GROUP);
    await groupRow.locator('.label-description', { hasText: '0 images · 0 members' }).waitFor({ timeout: LONG });
    await wb.contextMenu(groupRow);
    await wb.clickMenuItem('Add Member…');
    await wb.waitForQuickInputTitle(`Add a Member to "${GROUP}"`);
    await waitForPrompt('The membership token the other account sent you');
    assert.equal(await wb.quickInput().getAttribute('type'), 'password', 'the token is not shown as it is typed');
    await pasteIntoQuickInput(token);
    await wb.page.keyboard.press('Enter');
    await waitForPrompt('A label for the member');
    await wb.typeIntoQuickInput(MEMBER);
    await groupRow.locator('.label-description', { hasText: '0 images · 1 member' }).waitFor({ timeout: LONG });

    // Share Image… on a private image: pick the group, accept the label and description the members see.
    const items = await wb.contextMenu(await wb.revealRowIn(IMAGES, IMAGE, LONG));
    assert.ok(items.includes('Share Image…'), `menu: ${items.join(' | ')}`);
    await wb.clickMenuItem('Share Image…');
    await wb.waitForQuickInputTitle(`Share "${IMAGE}"`);
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: GROUP }).first().waitFor({ timeout: LONG });
    await wb.pickQuickItem(GROUP);
    await wb.waitForQuickInputTitle(`Share "${IMAGE}" in "${GROUP}"`);
    await waitForPrompt("The label the group's members see");
    assert.equal(await wb.quickInput().inputValue(), IMAGE);
    await wb.page.keyboard.press('Enter');
    await waitForPrompt("The description the group's members see");
    await wb.page.keyboard.press('Enter');
    await groupRow.locator('.label-description', { hasText: '1 image · 1 member' }).waitFor({ timeout: LONG });

    // The group, opened: its image and its member, active.
    await wb.clearNotifications();
    await expandRow(groupRow);
    await expandRow(childRow(2, 'Images'));
    await wb.rowIn(SHARE_GROUPS, IMAGE).waitFor({ timeout: LONG });
    await expandRow(childRow(2, 'Members'));
    const member = wb.rowIn(SHARE_GROUPS, MEMBER);
    await member.locator('.label-description', { hasText: /^active/ }).waitFor({ timeout: LONG });
    const rows = await shareGroupRows();
    const at = rows.findIndex((r) => r.label === GROUP);
    assert.deepEqual(rows.slice(at, at + 5).map((r) => [r.label, r.level]), [[GROUP, 1], ['Images', 2], [IMAGE, 3], ['Members', 2], [MEMBER, 3]]);
    // Linode has it: the member, active, and the image, made from ours.
    assert.deepEqual(sim.state.sharing.groupMembers(group.id).map((m) => [m.label, m.status]), [[MEMBER, 'active']]);
    assert.deepEqual(sim.state.sharing.groupImages(group.id).map((entry) => entry.sourceId), [IMAGE_ID]);
    await shareGroupsScreenshot('sharing-members');
  });

  it('the teammate sees the image under Groups I Joined, read-only', async () => {
    await switchTo(SIMULATOR_TEAMMATE_USERNAME, SIMULATOR_TEAMMATE_TOKEN);
    const joined = wb.rowIn(SHARE_GROUPS, GROUP);
    await joined.locator('.label-description', { hasText: /^active/ }).waitFor({ timeout: LONG });
    await expandRow(joined);
    const image = wb.rowIn(SHARE_GROUPS, IMAGE);
    await image.waitFor({ timeout: LONG });
    const rows = await shareGroupRows();
    const at = rows.findIndex((r) => r.label === JOINED);
    assert.ok(at >= 0, `rows: ${rows.map((r) => r.label).join(' | ')}`);
    assert.deepEqual(rows.slice(at, at + 3).map((r) => [r.label, r.level]), [[JOINED, 1], [GROUP, 2], [IMAGE, 3]]);
    assert.match(rows[at + 2].description, /^shared\/\d+$/);

    // Its menu offers nothing that changes it (the Share Groups view has nothing to offer a joined image but what
    // reads it).
    const items = await imageMenuItems(image);
    assert.ok(items.every((item) => READ_ONLY.has(item) && !CHANGES.test(item)), `menu: ${items.join(' | ')}`);
    // The Images view lists it too, under Shared with me, after a Refresh (becoming a member makes no event, so
    // Refresh also lists the shared images of an account that holds a membership token): there its menu reads it
    // and deploys from it, and changes nothing.
    await wb.runCommand('Linode Images: Refresh');
    const listed = await wb.revealRowIn(IMAGES, IMAGE, LONG);
    assert.deepEqual(await wb.contextMenu(listed), [...READ_ONLY, ...DEPLOY]);
    await wb.closeMenu();

    await wb.clearNotifications();
    await wb.rowIn(SHARE_GROUPS, IMAGE).click();
    await shareGroupsScreenshot('sharing-joined');
  });

  it('the owner removes the member (Remove Member…) after a modal', async () => {
    await switchTo(SIMULATOR_USERNAME, SIMULATOR_TOKEN);
    const groupRow = wb.rowIn(SHARE_GROUPS, GROUP);
    await groupRow.locator('.label-description', { hasText: '1 image · 1 member' }).waitFor({ timeout: LONG });
    await expandRow(groupRow);
    await expandRow(childRow(2, 'Members'));
    const member = wb.rowIn(SHARE_GROUPS, MEMBER);
    await member.locator('.label-description', { hasText: /^active/ }).waitFor({ timeout: LONG });
    const items = await wb.contextMenu(member);
    assert.ok(items.includes('Remove Member…'), `menu: ${items.join(' | ')}`);
    await wb.clickMenuItem('Remove Member…');
    const text = await wb.dialogText();
    assert.match(text, new RegExp(`Remove "${MEMBER}" from "${GROUP}"\\? They lose access to the group's 1 image at once\\.`));
    assert.match(text, /Linode keeps listing the member as revoked/);
    await wb.clickDialogButton('Remove Member');
    await member.locator('.label-description', { hasText: /^revoked$/ }).waitFor({ timeout: LONG });
    await groupRow.locator('.label-description', { hasText: '1 image · 0 members' }).waitFor({ timeout: LONG });
    assert.deepEqual(sim.state.sharing.groupMembers(group.id).map((m) => [m.label, m.status]), [[MEMBER, 'revoked']]);
  });

  it('the teammate no longer sees the image (after Refresh)', async () => {
    await switchTo(SIMULATOR_TEAMMATE_USERNAME, SIMULATOR_TEAMMATE_TOKEN);
    await wb.clickViewAction('Refresh Share Groups', SHARE_GROUPS);
    const joined = wb.rowIn(SHARE_GROUPS, GROUP);
    await joined.locator('.label-description', { hasText: /^revoked$/ }).waitFor({ timeout: LONG });
    await wb.rowIn(SHARE_GROUPS, IMAGE).waitFor({ state: 'detached', timeout: LONG });
    // Nothing to open: a revoked membership has no images.
    assert.equal(await joined.getAttribute('aria-expanded'), null, 'the revoked group has nothing to open');
    // Nor does the Images view, read again: under Shared with me, the seed's group's image is drawn, and not this one
    // (which was right beside it).
    await wb.runCommand('Linode Images: Reload All Images');
    await wb.revealRowIn(IMAGES, 'db-golden (team)', LONG);
    await wb.rowIn(IMAGES, IMAGE).waitFor({ state: 'detached', timeout: LONG });
  });

  /**
   * Right-clicks a row and returns its menu's enabled items; [] when no menu opens (a row with nothing to offer:
   * VS Code opens no empty menu, so the right-click is tried twice before concluding there is none).
   */
  async function imageMenuItems(row) {
    const menu = wb.page.locator('.context-view .monaco-menu').first();
    for (let attempt = 1; attempt <= 2; attempt++) {
      await row.click({ button: 'right' });
      if (await menu.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
        const items = await wb.menuItems();
        await wb.closeMenu();
        return items;
      }
    }
    return [];
  }
});
