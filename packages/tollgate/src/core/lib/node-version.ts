/**
 * Imported first by the library's entries: on a Node.js older than the one
 * Tollgate needs, importing it fails with one line naming the version (the
 * `tollgate` command checks the same before it loads anything).
 */
export function unsupportedNode(version: string = process.versions.node, name = 'tollgate'): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > 20 || (major === 20 && minor >= 19)) return undefined;
  return `${name} needs Node.js 20.19 or newer (this is v${version})`;
}

const problem = unsupportedNode();
if (problem !== undefined) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const error = new Error(problem);
  Error.stackTraceLimit = limit;
  throw error;
}
