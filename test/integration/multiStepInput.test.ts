// The window's side of a multi-step input (src/host/multiStepInput.ts), with VS Code's real QuickPick and InputBox
// driven by the workbench's own quick input commands (Enter, Back, Escape), as the other suites answer through the
// prompt double instead.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BACK, runSteps, showInputStep, showPickManyStep, showPickStep, type Back } from '../../src/host/multiStepInput';
import { sleep, until } from './harness';

const ACCEPT = 'workbench.action.acceptSelectedQuickOpenItem';
const GO_BACK = 'workbench.action.quickInputBack';
const ESCAPE = 'workbench.action.closeQuickOpen';

/** Gives `command` to the quick input until `shown` settles (the input may not be up yet when it is first given). */
async function answer<T>(shown: Promise<T>, command: string): Promise<T> {
  let settled = false;
  void shown.finally(() => (settled = true)).catch(() => undefined);
  await until(async () => {
    if (!settled) await vscode.commands.executeCommand(command);
    await sleep(100);
    return settled;
  }, `the step to take ${command}`, 20_000);
  return shown;
}

describe('multi-step input in the window (real QuickPick and InputBox)', function () {
  this.timeout(60_000);

  afterEach(() => vscode.commands.executeCommand(ESCAPE));

  it('an input step resolves to its value on Enter, to BACK on Back, and to undefined on Escape', async () => {
    const step = (value: string) => showInputStep({ title: 'Test: Label', step: 2, totalSteps: 3, prompt: 'A label', value });
    assert.equal(await answer(step('kept value'), ACCEPT), 'kept value');
    assert.equal(await answer(step('anything'), GO_BACK), BACK);
    assert.equal(await answer(step('anything'), ESCAPE), undefined);
  });

  it('an input step does not take a value it refuses', async () => {
    const shown = showInputStep({ title: 'Test: Refused', step: 1, totalSteps: 1, prompt: 'Never valid', value: 'bad', validate: () => 'refused' });
    let settled = false;
    void shown.finally(() => (settled = true));
    for (let tries = 0; tries < 5; tries++) {
      await vscode.commands.executeCommand(ACCEPT);
      await sleep(100);
    }
    assert.equal(settled, false, 'still open after Enter');
    assert.equal(await answer(shown, ESCAPE), undefined);
  });

  it('a pick step takes no input while it loads, then starts on the preselected item', async () => {
    let loaded!: (items: vscode.QuickPickItem[]) => void;
    let asked = false;
    const shown = showPickStep({
      title: 'Test: Region',
      step: 1,
      totalSteps: 2,
      placeholder: 'A region',
      items: () => {
        asked = true;
        return new Promise<vscode.QuickPickItem[]>((resolve) => (loaded = resolve));
      },
      preselect: (item) => item.label === 'second',
    });
    let settled = false;
    void shown.finally(() => (settled = true));
    await until(() => asked, 'the items to be asked for');
    for (let tries = 0; tries < 5; tries++) {
      await vscode.commands.executeCommand(ACCEPT);
      await sleep(100);
    }
    assert.equal(settled, false, 'Enter does nothing while the items load');
    loaded([{ label: 'first' }, { label: 'second' }]);
    const chosen = await answer(shown, ACCEPT);
    assert.equal((chosen as vscode.QuickPickItem | undefined)?.label, 'second');
  });

  it('a pick step given its items starts on the preselected one; Back leaves it', async () => {
    const items = [{ label: 'No' }, { label: 'Yes' }];
    const step = () => showPickStep({ title: 'Test: Cloud-init', step: 3, totalSteps: 3, placeholder: 'Cloud-init?', items, preselect: (item) => item.label === 'Yes' });
    assert.equal(((await answer(step(), ACCEPT)) as vscode.QuickPickItem | undefined)?.label, 'Yes');
    assert.equal(await answer(step(), GO_BACK), BACK);
  });

  it('a multi-select step takes the items checked when it shows (none too); Back and Escape leave it', async () => {
    const items = [{ label: 'laptop' }, { label: 'ci' }, { label: 'workstation' }];
    const step = (picked: (item: vscode.QuickPickItem) => boolean) => showPickManyStep({ title: 'Test: SSH Keys', step: 2, totalSteps: 3, placeholder: 'Keys', items, picked });
    const chosen = await answer(step((item) => item.label !== 'ci'), ACCEPT);
    assert.deepEqual((chosen as readonly vscode.QuickPickItem[]).map((item) => item.label), ['laptop', 'workstation']);
    assert.deepEqual(await answer(step(() => false), ACCEPT), []);
    assert.equal(await answer(step(() => true), GO_BACK), BACK);
    assert.equal(await answer(step(() => true), ESCAPE), undefined);
  });

  it('a loader that ends the flow closes the step; a loader that fails rejects it', async () => {
    assert.equal(await showPickStep({ title: 'Test', step: 1, totalSteps: 1, placeholder: 'Nothing', items: async () => undefined }), undefined);
    await assert.rejects(showPickStep({ title: 'Test', step: 1, totalSteps: 1, placeholder: 'Failing', items: () => Promise.reject(new Error('no list')) }), /no list/);
  });

  it('runs a flow: Back returns to the step before, which shows the answer given there', async () => {
    const asked: string[] = [];
    const flow = runSteps<{ first?: string; second?: string }>(
      [
        {
          ask: async (answers, place) => {
            asked.push(`first ${place.step}/${place.totalSteps} ${answers.first ?? ''}`);
            const typed: string | Back | undefined = await answer(showInputStep({ ...place, title: 'Flow: First', prompt: 'First', value: answers.first ?? 'one' }), ACCEPT);
            if (typeof typed !== 'string') return typed;
            answers.first = typed;
            return 'next';
          },
        },
        {
          ask: async (answers, place) => {
            asked.push(`second ${place.step}/${place.totalSteps}`);
            const command = answers.second === undefined ? GO_BACK : ACCEPT;
            answers.second = 'seen';
            const typed = await answer(showInputStep({ ...place, title: 'Flow: Second', prompt: 'Second', value: 'two' }), command);
            return typed === BACK ? BACK : typed === undefined ? undefined : 'next';
          },
        },
      ],
      {},
    );
    assert.deepEqual(await flow, { first: 'one', second: 'seen' });
    assert.deepEqual(asked, ['first 1/2 ', 'second 2/2', 'first 1/2 one', 'second 2/2']);
  });
});
