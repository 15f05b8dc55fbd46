// The extension's global state, written one change at a time.
//
// VS Code keeps an extension's whole global state as one value and, after each write, sends the stored value
// back to the extension host, which adopts it wholesale. When a second change is made while the first one's
// echo is still on its way, the echo brings back the state before the second change, and the next write stores
// that: the second change is lost (a deleted upload record comes back, for instance). Waiting for each write to
// be stored (its echo arrives before its reply) before making the next one leaves no echo in flight.
import type * as vscode from 'vscode';

export class SerialMemento implements vscode.Memento {
  /** Changes queued and not yet stored, by key (undefined: a deletion): reads see them at once. */
  private readonly queued = new Map<string, { value: unknown }>();
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly memento: vscode.Memento) {}

  keys(): readonly string[] {
    const keys = new Set(this.memento.keys());
    for (const [key, { value }] of this.queued) {
      if (value === undefined) keys.delete(key);
      else keys.add(key);
    }
    return [...keys];
  }

  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    const queued = this.queued.get(key);
    if (!queued) return defaultValue === undefined ? this.memento.get<T>(key) : this.memento.get<T>(key, defaultValue);
    return queued.value === undefined ? defaultValue : (queued.value as T);
  }

  update(key: string, value: unknown): Promise<void> {
    const change = { value };
    this.queued.set(key, change);
    const write = this.tail
      .then(() => this.memento.update(key, value))
      .finally(() => {
        // A later change of the same key stays queued until it is stored itself.
        if (this.queued.get(key) === change) this.queued.delete(key);
      });
    this.tail = write.catch(() => undefined);
    return write;
  }

  /** Resolves once every change made so far is stored. */
  settled(): Promise<void> {
    return this.tail;
  }
}
