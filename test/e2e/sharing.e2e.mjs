// @ts-check
// Image sharing (a v4beta feature) as users meet it in the workbench: the owner shares an image in a new share group
// from its row's menu and sees it in the Share Groups view, then stops sharing it after a modal naming the group and
// its members; a member of the owner's group finds the image under "Shared with me", where it offers nothing to change.
import assert from 'node:assert/strict';
import simulatorModule from './simulator.mjs';
import { signedInWorkbench } from './workbench.mjs';

/** @typedef {import('./workbench.mjs').Workbench} Workbench */

const { SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TEAMMATE_USERNAME, SEED_IDS } = simulatorModule;

// A busy machine (other test runs beside): be patient, but only ever wait for something on screen.
const LONG = 60_000;
const IMAGES = 'Images';
const SHARE_GROUPS = 'Share Groups';
// web-base-2024: available, private, us-east only, in no share group of the `sharing` seed.
const IMAGE = 'web-base-2024';
const IMAGE_ID = SEED_IDS.images.singleRegion;
const GROUP = 'QA builds';
/** Each suite's simulator and workbench: the `sharing` seed, on v4beta; a screenshot of a failure, the steps' screens kept. */
const SHARING = /** @type {const} */ ({
  theme: 'dark',
  simulator: { seed: 'sharing', lifecycleMs: 1500 },
  launch: { settings: { 'linodeImages.apiVersion': 'v4beta' } },
  dismissAfterEach: false,
});

/** Waits until the input box's prompt (the text under it) says `text`: the box is reused between steps. */
async function waitForPrompt(wb, text) {
  await wb.page.locator('.quick-input-widget .quick-input-message', { hasText: text }).first().waitFor({ timeout: LONG });
}

describe('sharing: Share Image… and Stop Sharing… as the owner (dark theme)', function () {
  /** @type {import('./simulator.mjs').Simulator} */
  let sim;
  /** @type {Workbench} */
  let wb;

  signedInWorkbench(
    {
      ...SHARING,
      // Wide enough for the rows' descriptions ("… · shared with 1 group", "shared/NNNN · from …").
      ready: async (workbench) => {
        await workbench.setSideBarWidth(560);
        await workbench.expandView(SHARE_GROUPS);
      },
    },
    (suite) => ({ sim, wb } = suite),
  );

  it('shares an image in a new share group from its menu, and the Share Groups view lists it', async () => {
    // The seed's group, as the Share Groups view shows it before anything is shared.
    await wb.rowIn(SHARE_GROUPS, 'Team images').waitFor({ timeout: LONG });
    const items = await wb.contextMenu(await wb.revealRowIn(IMAGES, IMAGE, LONG));
    assert.ok(items.includes('Share Image…'), `menu: ${items.join(' | ')}`);
    assert.ok(!items.includes('Stop Sharing…'), `an image in no group cannot be unshared; menu: ${items.join(' | ')}`);
    await wb.clickMenuItem('Share Image…');

    await wb.waitForQuickInputTitle(`Share "${IMAGE}"`);
    // The step shows busy until the groups are loaded.
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Team images' }).first().waitFor({ timeout: LONG });
    // Each row's first label (the detail line under it has one too).
    const groups = await wb.page.locator('.quick-input-widget .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => row.querySelector('.label-name')?.textContent?.trim() ?? ''));
    assert.deepEqual(groups, ['New Share Group…', 'Team images']);
    await wb.pickQuickItem('New Share Group…');

    await wb.waitForQuickInputTitle('in a New Share Group');
    await waitForPrompt(wb, 'Label of the new share group');
    await wb.typeIntoQuickInput(GROUP);
    await waitForPrompt(wb, 'Description of the share group');
    await wb.typeIntoQuickInput('Nightly builds for the QA team.');

    // What the members will see, prefilled with the image's own label and description: accepted as it is.
    await wb.waitForQuickInputTitle(`Share "${IMAGE}" in "${GROUP}"`);
    await waitForPrompt(wb, "The label the group's members see");
    assert.equal(await wb.quickInput().inputValue(), IMAGE);
    await wb.page.keyboard.press('Enter');
    await waitForPrompt(wb, "The description the group's members see");
    assert.equal(await wb.quickInput().inputValue(), sim.state.images.get(IMAGE_ID)?.description);
    await wb.page.keyboard.press('Enter');

    // The image's row says it is shared.
    await wb.rowIn(IMAGES, IMAGE).locator('.label-description', { hasText: 'shared with 1 group' }).waitFor({ timeout: LONG });

    // The Share Groups view: the new group, with the image under Images.
    const groupRow = wb.rowIn(SHARE_GROUPS, GROUP);
    await groupRow.locator('.label-description', { hasText: '1 image · 0 members' }).waitFor({ timeout: LONG });
    await groupRow.click();
    await wb.rowIn(SHARE_GROUPS, 'Images').waitFor({ timeout: LONG });
    await wb.rowIn(SHARE_GROUPS, 'Images').click();
    const shared = wb.rowIn(SHARE_GROUPS, IMAGE);
    await shared.waitFor({ timeout: LONG });
    const description = (await shared.locator('.label-description').innerText()).trim();
    assert.match(description, new RegExp(`^shared/\\d+ · from "${IMAGE}" ${IMAGE_ID}$`));
    const rows = await wb.rowsIn(SHARE_GROUPS);
    assert.deepEqual(rows.map((r) => r.label), ['QA builds', 'Images', IMAGE, 'Members', 'Team images']);
    // Linode has it: one image in the new group, made from ours.
    const made = [...sim.state.sharing.groups.values()].find((g) => g.label === GROUP);
    assert.ok(made, 'the group exists at Linode');
    assert.deepEqual(sim.state.sharing.groupImages(made.id).map((entry) => entry.sourceId), [IMAGE_ID]);
    await wb.clearNotifications();
    await wb.revealRowIn(IMAGES, IMAGE, LONG);
    await wb.page.mouse.move(0, 0);
    await wb.screenshot('sharing');
  });

  it('stops sharing it from the Images view after a modal naming the group and its member, and it leaves the group', async () => {
    // sim-teammate joins the new group (with a token the group gave it, outside this window).
    const group = [...sim.state.sharing.groups.values()].find((g) => g.label === GROUP);
    assert.ok(group, `the simulator has the group ${GROUP}`);
    const token = sim.state.sharing.createToken({
      label: 'qa builds',
      valid_for_sharegroup_uuid: group.uuid,
      created: '2024-11-01T09:00:00',
      account: sim.state.sharing.groupMembers(SEED_IDS.sharing.groupId)[0]?.account ?? 'teammate',
    });
    sim.state.sharing.addMember(group, token, SIMULATOR_TEAMMATE_USERNAME, '2024-11-01T09:00:00');

    const items = await wb.contextMenu(await wb.revealRowIn(IMAGES, IMAGE, LONG));
    assert.ok(items.includes('Stop Sharing…'), `menu: ${items.join(' | ')}`);
    await wb.clickMenuItem('Stop Sharing…');
    const text = await wb.dialogText();
    assert.match(text, new RegExp(`Stop sharing "${IMAGE}" in "${GROUP}"\\?`));
    assert.match(text, /Its 1 member loses access to it\./);
    assert.match(text, new RegExp(`Your image "${IMAGE}" \\(${IMAGE_ID}\\) stays in your account\\.`));
    await wb.clickDialogButton('Stop Sharing');

    await wb.rowIn(SHARE_GROUPS, IMAGE).waitFor({ state: 'detached', timeout: LONG });
    // The group stays, now empty (and the Images folder reopens on its message).
    await wb.rowIn(SHARE_GROUPS, GROUP).locator('.label-description', { hasText: '0 images · 1 member' }).waitFor({ timeout: LONG });
    const images = wb.rowIn(SHARE_GROUPS, 'Images');
    await images.waitFor({ timeout: LONG });
    if ((await images.getAttribute('aria-expanded')) !== 'true') await images.click();
    await wb.rowIn(SHARE_GROUPS, 'No images shared yet').waitFor({ timeout: LONG });
    // The image's row no longer says it is shared; the image itself is still ours.
    const row = await wb.revealRowIn(IMAGES, IMAGE, LONG);
    for (const deadline = Date.now() + LONG; ; ) {
      const description = (await row.locator('.label-description').innerText()).trim();
      if (!/shared with/.test(description)) break;
      assert.ok(Date.now() < deadline, `the row still says "${description}"`);
      await row.locator('.label-description', { hasText: /shared with/ }).waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
    }
    assert.equal(sim.state.sharing.groupImages(group.id).length, 0);
    assert.ok(sim.state.images.has(IMAGE_ID));
  });
});

describe('sharing: an image shared with me, as a member of the group (dark theme)', function () {
  /** @type {Workbench} */
  let wb;

  signedInWorkbench(
    // sim-teammate's own token (a member of sim-user's group "Team images").
    { ...SHARING, token: SIMULATOR_TEAMMATE_TOKEN, ready: (workbench) => workbench.setSideBarWidth(560) },
    (suite) => ({ wb } = suite),
  );

  it('lists it under Shared with me → its group, read-only: it reads and deploys, and F2 says why', async () => {
    const sharedLabel = 'db-golden (team)';
    await wb.revealRowIn(IMAGES, sharedLabel, LONG);
    // Its place: under "Shared with me", under the group it comes from.
    const rows = await wb.viewPane(IMAGES).locator('.monaco-list-row').evaluateAll((els) =>
      els.map((el) => ({ label: el.querySelector('.label-name')?.textContent?.trim() ?? '', level: Number(el.getAttribute('aria-level')) })),
    );
    const at = rows.findIndex((r) => r.label === 'Shared with me');
    assert.ok(at >= 0, `rows: ${rows.map((r) => r.label).join(' | ')}`);
    assert.deepEqual(rows.slice(at, at + 3), [
      { label: 'Shared with me', level: 1 },
      { label: 'Team images', level: 2 },
      { label: sharedLabel, level: 3 },
    ]);
    // sim-teammate's own images are there too; sim-user's are not.
    const labels = rows.map((r) => r.label);
    assert.ok(labels.includes('teammate-base') && !labels.includes('web-base-2024'), `rows: ${labels.join(' | ')}`);

    const items = await wb.contextMenu(wb.rowIn(IMAGES, sharedLabel));
    // What reads it, and what deploys from it: nothing that changes it.
    assert.deepEqual(items, ['Show Image Details', 'Copy Image ID', 'Deploy to New Linode…', 'Rebuild an Existing Linode…', 'Try This Image']);
    await wb.page.mouse.move(0, 0);
    await wb.screenshot('shared-with-me');
    await wb.closeMenu();

    // F2 (rename) reaches the row, and says why it does nothing.
    await wb.rowIn(IMAGES, sharedLabel).click();
    await wb.page.keyboard.press('F2');
    const message = await wb.waitForNotification(/shared with you/, LONG);
    assert.match(message, new RegExp(`"${sharedLabel.replace(/[()]/g, '\\$&')}" cannot be \\w+: it is shared with you by the share group "Team images", and only its owner can change it\\.`));
    assert.ok(!(await wb.quickInputVisible()), 'no rename box opens');
  });
});
