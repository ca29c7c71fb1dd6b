/**
 * The `tollgate` package, loaded by Node at run time as installed (its
 * dist/: migrations beside it, PGlite's WASM, pg) rather than bundled. In
 * this repository the package is a workspace link outside node_modules,
 * which `serverExternalPackages` does not cover, so the import is left to
 * Node explicitly. An app installing tollgate from npm can import it as usual.
 */
import type * as TollgateModule from 'tollgate';

export type Tollgate = typeof TollgateModule;

let loaded: Promise<Tollgate> | undefined;

export function tollgate(): Promise<Tollgate> {
  loaded ??= import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'tollgate');
  return loaded;
}
