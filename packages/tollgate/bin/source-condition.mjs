// A module resolve hook for running the repository's sources (see tollgate.mjs):
// adds the `tollgate-source` export condition, so the workspace packages resolve
// to their src/*.ts rather than to a dist/ that may not be built.
export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, 'tollgate-source'] });
}
