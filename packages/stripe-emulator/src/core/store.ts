/**
 * The in-memory store: one typed collection per object kind, keyed by id, in creation order.
 * Objects are treated as immutable: a change puts a new object. Every write inside
 * `transaction()` is recorded in an undo log, so a request that fails changes nothing.
 */
export class Collection<T extends { id: string }> {
  readonly #items = new Map<string, T>();
  constructor(
    readonly name: string,
    private readonly log: UndoLog,
    /** The prefix of its objects' ids (`cus`), when an id can be expanded into one of them. */
    readonly idPrefix?: string,
  ) {
    log.register(this);
  }

  get(id: string): T | undefined {
    return this.#items.get(id);
  }

  has(id: string): boolean {
    return this.#items.has(id);
  }

  get size(): number {
    return this.#items.size;
  }

  put(item: T): T {
    const previous = this.#items.get(item.id);
    this.log.changed();
    this.log.record(() => {
      if (previous === undefined) this.#items.delete(item.id);
      else this.#items.set(item.id, previous);
    });
    this.#items.set(item.id, item);
    return item;
  }

  delete(id: string): T | undefined {
    const previous = this.#items.get(id);
    if (previous === undefined) return undefined;
    this.#items.delete(id);
    this.log.changed();
    this.log.record(() => {
      this.#items.set(id, previous);
    });
    return previous;
  }

  /** All objects in creation order (oldest first). */
  values(): IterableIterator<T> {
    return this.#items.values();
  }

  /** All objects, newest first. */
  newestFirst(): T[] {
    return Array.from(this.#items.values()).reverse();
  }

  /** Replaces the whole collection (loading persisted state); not undoable. */
  load(items: T[]): void {
    this.#items.clear();
    for (const item of items) this.#items.set(item.id, item);
  }
}

export class UndoLog {
  #entries: (() => void)[] | undefined;
  #listeners: (() => void)[] = [];
  #collections: Collection<{ id: string }>[] = [];
  /** Bumped on every write (persistence saves when it moves). */
  version = 0;

  register<T extends { id: string }>(collection: Collection<T>): void {
    this.#collections.push(collection);
  }

  /** Every collection sharing this log (core and resource-specific ones), for persistence. */
  get collections(): readonly Collection<{ id: string }>[] {
    return this.#collections;
  }

  changed(): void {
    this.version++;
  }

  get inTransaction(): boolean {
    return this.#entries !== undefined;
  }

  record(undo: () => void): void {
    this.#entries?.push(undo);
  }

  /** Runs `work`; if it throws, every write it made is undone and the error rethrown. */
  transaction<R>(work: () => R): R {
    const outer = this.#entries;
    if (outer) {
      // Nested: a savepoint. Its writes are undone on failure; the outer transaction goes on.
      const mark = outer.length;
      try {
        return work();
      } catch (error) {
        if (!keepsChanges(error)) {
          for (let i = outer.length - 1; i >= mark; i--) outer[i]!();
          outer.length = mark;
        }
        throw error;
      }
    }
    const entries: (() => void)[] = [];
    this.#entries = entries;
    try {
      const result = work();
      this.#entries = undefined;
      for (const listener of this.#listeners) listener();
      return result;
    } catch (error) {
      this.#entries = undefined;
      if (keepsChanges(error)) {
        for (const listener of this.#listeners) listener();
        throw error;
      }
      for (let i = entries.length - 1; i >= 0; i--) entries[i]!();
      throw error;
    }
  }

  /** Called after every committed transaction that wrote something. */
  onCommit(listener: () => void): void {
    this.#listeners.push(listener);
  }
}

function keepsChanges(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'keepChanges' in error && error.keepChanges === true;
}
