// The global state wrapper: one write at a time (so VS Code's echo of an earlier write cannot undo a later
// one), and reads that see the writes still waiting.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { SerialMemento } from '../../src/host/serialMemento';

/** A memento whose writes finish only when the test says so, recording what reached it and when. */
class HeldMemento implements vscode.Memento {
  readonly stored = new Map<string, unknown>();
  readonly started: string[] = [];
  private readonly waiting: Array<() => void> = [];

  keys(): readonly string[] {
    return [...this.stored.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.stored.has(key) ? (this.stored.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.started.push(key);
    return new Promise<void>((resolve) => {
      this.waiting.push(() => {
        if (value === undefined) this.stored.delete(key);
        else this.stored.set(key, value);
        resolve();
      });
    });
  }
  /** Finishes the oldest write, then lets the wrapper start the next one. */
  async finishOne(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.waiting.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  get inFlight(): number {
    return this.waiting.length;
  }
}

describe('SerialMemento', () => {
  it('starts a write only once the one before it is stored', async () => {
    const held = new HeldMemento();
    const state = new SerialMemento(held);
    const first = state.update('record.a', { id: 'a' });
    const second = state.update('record.a', undefined);
    const third = state.update('record.b', { id: 'b' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(held.started, ['record.a']);
    assert.equal(held.inFlight, 1);
    await held.finishOne();
    assert.deepEqual(held.started, ['record.a', 'record.a']);
    await held.finishOne();
    await held.finishOne();
    await Promise.all([first, second, third]);
    assert.deepEqual(held.started, ['record.a', 'record.a', 'record.b']);
    assert.deepEqual([...held.stored.entries()], [['record.b', { id: 'b' }]]);
  });

  it('reads the latest change at once, before it is stored', async () => {
    const held = new HeldMemento();
    held.stored.set('kept', 1);
    held.stored.set('gone', 2);
    const state = new SerialMemento(held);
    const writes = [state.update('gone', undefined), state.update('new', 3), state.update('new', 4)];
    assert.equal(state.get('gone'), undefined);
    assert.equal(state.get('gone', 'default'), 'default');
    assert.equal(state.get('new'), 4);
    assert.equal(state.get('kept'), 1);
    assert.deepEqual([...state.keys()].sort(), ['kept', 'new']);
    await held.finishOne();
    await held.finishOne();
    // The first write of `new` is stored; the second is still waiting and is what reads see.
    assert.equal(held.stored.get('new'), 3);
    assert.equal(state.get('new'), 4);
    await held.finishOne();
    await Promise.all(writes);
    assert.equal(state.get('new'), 4);
    await state.settled();
  });

  it('goes on after a write that fails, and reports the failure to its caller', async () => {
    const failing: vscode.Memento = {
      keys: () => [],
      get: () => undefined,
      update: (key: string) => (key === 'bad' ? Promise.reject(new Error('storage refused')) : Promise.resolve()),
    };
    const state = new SerialMemento(failing);
    await assert.rejects(state.update('bad', 1), /storage refused/);
    await state.update('good', 1);
    assert.equal(state.get('bad'), undefined);
  });
});
