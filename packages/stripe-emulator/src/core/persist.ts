import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Emulator } from './emulator.ts';

interface StateFile {
  format: 'stripe-emulator-state';
  version: 1;
  collections: Record<string, { id: string }[]>;
}

/** Loads a state file written by `persistTo` into the emulator's collections (missing file: nothing to load). */
export function loadState(em: Emulator, file: string): void {
  if (!existsSync(file)) return;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StateFile>;
  if (parsed.format !== 'stripe-emulator-state' || !parsed.collections) throw new Error(`${file} is not a stripe-emulator state file`);
  for (const collection of em.db.log.collections) {
    const items = parsed.collections[collection.name];
    if (items) collection.load(items);
  }
}

/** Writes every collection to `file` atomically (temp file + rename). */
export function saveState(em: Emulator, file: string): void {
  const collections: Record<string, { id: string }[]> = {};
  for (const collection of em.db.log.collections) collections[collection.name] = Array.from(collection.values());
  const state: StateFile = { format: 'stripe-emulator-state', version: 1, collections };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}

/** Saves state whenever it changed (checked every `intervalMs`) and once more on close. */
export function persistTo(em: Emulator, file: string, intervalMs = 250): void {
  loadState(em, file);
  let saved = em.db.log.version;
  const flush = () => {
    if (em.db.log.version === saved) return;
    saved = em.db.log.version;
    saveState(em, file);
  };
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  em.onClose(() => {
    clearInterval(timer);
    flush();
  });
}
