export { createEmulatorApp, type EmulatorApp } from './app.ts';
export { type RunningEmulator, type StartOptions, startEmulator } from './server.ts';
export type { RawRequest, RawResult } from './core/raw.ts';
export type { EmulatorOptions } from './core/emulator.ts';
