import { parseArgs } from 'node:util';
import { ConfigError } from '../../core/lib/errors.ts';
import { VERSION } from '../../version.ts';
import { type Command, type CommandIo, EXIT, UsageError } from './command.ts';
import { commands } from './commands/index.ts';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `tollgate ${VERSION}: billing engine for usage-priced SaaS on Stripe`,
    '',
    'Usage: tollgate <command> [options]   (tollgate <command> --help for its options)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [command.summary, '', `Usage: ${command.usage}`].join('\n');
}

/** Runs the CLI; returns the exit code. Errors are one clear line. */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return EXIT.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`tollgate: unknown command "${name}" (run tollgate --help)`);
    return EXIT.usage;
  }
  // Only the command that runs is loaded (with the part of the engine it needs).
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run(parsed, io);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`tollgate: ${e.message}`);
      return EXIT.config;
    }
    if (e instanceof UsageError || e instanceof RangeError || isParseArgsError(e)) {
      io.err(`tollgate ${command.name}: ${(e as Error).message}`);
      return EXIT.usage;
    }
    throw e;
  }
}

function isParseArgsError(e: unknown): boolean {
  const code = e instanceof TypeError ? (e as TypeError & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
