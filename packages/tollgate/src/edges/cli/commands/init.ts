import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findConfigFile } from '../../../core/config/load.ts';
import { typeScriptSupport } from '../../../core/config/typescript.ts';
import type { Command } from '../command.ts';
import { EXIT, UsageError } from '../command.ts';
import { userCwd } from '../env.ts';
import { renderConfigFile, TEMPLATES } from './init-templates.ts';

/** `tollgate init`: writes a tollgate.config.ts from a template. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Write a tollgate.config.ts from a template (chatbot, per-seat, marketplace).',
  usage: `tollgate init [--template ${Object.keys(TEMPLATES).join('|')}] [--force]`,
  options: { template: { type: 'string', short: 't' }, force: { type: 'boolean' } },
  async run({ values }, io) {
    const name = typeof values.template === 'string' ? values.template : 'chatbot';
    const template = TEMPLATES[name];
    if (!template) {
      throw new UsageError(
        `--template must be one of ${Object.keys(TEMPLATES).join(', ')} (got "${name}")\n${Object.entries(TEMPLATES)
          .map(([k, t]) => `  ${k}: ${t.summary}`)
          .join('\n')}`,
      );
    }
    const dir = userCwd(io.env);
    const existing = await findConfigFile(dir);
    if (existing && values.force !== true) {
      io.err(`tollgate init: ${existing} already exists (pass --force to overwrite it)`);
      return EXIT.failure;
    }
    // TypeScript when this Node or the project can load it; otherwise the same text as an ES module.
    const typescript = typeScriptSupport(dir) !== undefined;
    const path = join(dir, typescript ? 'tollgate.config.ts' : 'tollgate.config.mjs');
    await writeFile(path, renderConfigFile(name, template.config));
    io.out(`Wrote ${path} (${template.summary}).`);
    if (!typescript)
      io.out(`(JavaScript: Node ${process.version} cannot load TypeScript by itself; with tsx installed or Node 22.18+, init writes tollgate.config.ts.)`);
    io.out('Next: STRIPE_SECRET_KEY=sk_test_... tollgate push   (then --yes to apply)');
    return EXIT.ok;
  },
};
