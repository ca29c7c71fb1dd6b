'use strict';
// `require('tollgate')` lands here: the package is ESM only (see its README).
const limit = Error.stackTraceLimit;
Error.stackTraceLimit = 0;
const error = new Error(
  "tollgate is an ES module and cannot be loaded with require(): use import { ... } from 'tollgate' (from CommonJS: const { ... } = await import('tollgate'))",
);
Error.stackTraceLimit = limit;
error.code = 'ERR_REQUIRE_ESM';
throw error;
