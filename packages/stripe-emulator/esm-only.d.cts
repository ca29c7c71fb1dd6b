// `require('stripe-emulator')` resolves here, and throws (esm-only.cjs): the package is an
// ES module. Use `import { ... } from 'stripe-emulator'`, or from CommonJS
// `const { ... } = await import('stripe-emulator')`.
export {};
