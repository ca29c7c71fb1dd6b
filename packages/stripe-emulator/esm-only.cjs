'use strict';
// `require('stripe-emulator')` lands here: the package is ESM only (see its README).
const limit = Error.stackTraceLimit;
Error.stackTraceLimit = 0;
const error = new Error(
  "stripe-emulator is an ES module and cannot be loaded with require(): use import { ... } from 'stripe-emulator' (from CommonJS: const { ... } = await import('stripe-emulator'))",
);
Error.stackTraceLimit = limit;
error.code = 'ERR_REQUIRE_ESM';
throw error;
