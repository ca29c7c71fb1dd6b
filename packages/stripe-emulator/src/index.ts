export { createEmulatorApp, type EmulatorApp } from './app.ts';
export { type RunningEmulator, type StartOptions, startEmulator } from './server.ts';
