// Writes the HTTP API's types-only contract, generated from the route schemas,
// into the engine (`tollgate/client`). `@tollgate/react` imports its types from
// there and its build copies the text into its own dist
// (scripts/inline-import.mjs), so it is written once.
//   npm run generate:client             write it
//   npm run generate:client -- --check  exit 1 when it is missing or stale
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderContract } from './contract.ts';

export const TARGETS = ['packages/tollgate/src/edges/client/routes.generated.ts'];
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The targets whose text is not the contract the routes give now. */
export function staleTargets(root = ROOT, expected = renderContract(), targets = TARGETS): string[] {
  return targets.filter((target) => {
    const file = join(root, target);
    return !existsSync(file) || readFileSync(file, 'utf8') !== expected;
  });
}

function main(argv: string[]): number {
  const expected = renderContract();
  const stale = staleTargets(ROOT, expected);
  if (argv.includes('--check')) {
    if (stale.length > 0) console.error(`Stale client contract (run \`npm run generate:client\`):\n${stale.map((t) => `  ${t}`).join('\n')}`);
    return stale.length > 0 ? 1 : 0;
  }
  for (const target of stale) writeFileSync(join(ROOT, target), expected);
  console.log(stale.length > 0 ? `wrote ${stale.join(', ')}` : 'client contract up to date');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
