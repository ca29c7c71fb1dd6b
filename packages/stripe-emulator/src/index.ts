// The `stripe-emulator` library entry: start an emulator in a test (Vitest,
// Jest, node:test) and drive it with the official `stripe` SDK it hands back.
import './node-version.ts';
export { createEmulatorApp, type EmulatorApp } from './app.ts';
export { type RunningEmulator, type StartOptions, startEmulator } from './server.ts';
export type { CompleteCheckoutOptions } from './complete-checkout.ts';
export { type CheckoutBrowserPage, fillCheckoutPage, type FillCheckoutPageOptions } from './fill-checkout-page.ts';
export { fixedClock, type EmulatorClock } from './core/clock.ts';
export type { RawRequest, RawResult } from './core/raw.ts';
export type { EmulatorOptions } from './core/emulator.ts';
