/** A response kept for an `Idempotency-Key`, replayed byte for byte. */
interface Stored {
  fingerprint: string;
  status: number;
  body: string;
  at: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Idempotency keys live 24 hours (by the emulator clock); the newest `max` are kept, so memory stays bounded. */
export class IdempotencyCache {
  readonly #entries = new Map<string, Stored>();
  constructor(private readonly max = 20_000) {}

  get(key: string, now: number): Stored | undefined {
    const entry = this.#entries.get(key);
    if (entry && now - entry.at > DAY_MS) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, entry: Stored): void {
    if (this.#entries.size >= this.max) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
  }

  /** Forgets every key (an emulator reset). */
  clear(): void {
    this.#entries.clear();
  }
}
