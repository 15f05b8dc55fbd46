// A minimal event emitter for the core, which cannot use VS Code's (it runs in plain Node for tests and benches).

export interface Subscription {
  dispose(): void;
}

export type Listen<T> = (listener: (value: T) => void) => Subscription;

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Listen<T> = (listener) => {
    // Wrapped so the same function subscribed twice is two subscriptions, as with VS Code's emitters.
    const entry = (value: T): void => listener(value);
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
