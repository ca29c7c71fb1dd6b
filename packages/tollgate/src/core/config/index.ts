export { defaultConfig } from './default-config.ts';
export { CONFIG_FILES, findConfigFile, loadConfigFile } from './load.ts';
export * from './types.ts';
export { validateConfig } from './validate.ts';
export * from './stripe-keys.ts';
