import { runCli } from './cli/main.ts';

// The bin entry: `stripe-emulator [serve options] | listen ... | trigger <event>` (see src/cli/).
const code = await runCli(process.argv.slice(2));
// A command that finished exits once its output is flushed (the SDK's keep-alive sockets would otherwise hold the process).
if (code !== null) process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
