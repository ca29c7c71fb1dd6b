// `require('tollgate')` resolves here, and throws (esm-only.cjs): the package is an
// ES module. Use `import { ... } from 'tollgate'`, or from CommonJS
// `const { ... } = await import('tollgate')`.
export {};
