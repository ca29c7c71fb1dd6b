#!/usr/bin/env node
// What is packed is what is tested. Builds the three packages once, packs them
// with `npm pack`, installs the tarballs (not workspace links) into a fresh
// project outside the repository, and there checks what a user would do:
//   - the README's library snippet and the tollgate README's quick start run
//     under plain Node against a started stripe-emulator and PGlite, printing
//     a real `consume` result;
//   - `require()` of each package fails with its one line (ESM only);
//   - a strict consumer tsc (`skipLibCheck: false`, `nodenext`) over every
//     public entry (and the snippets) reports nothing;
//   - the installed `tollgate` bin: --version, init, push --yes, migrate, and
//     a TypeScript config on a Node that cannot load one: one line;
//   - a user's Vitest test drives the emulator's library entry through a
//     checkout to an active subscription, and uses tollgate/testing;
//   - publint and @arethetypeswrong/cli (profile esm-only) find no problem.
// Usage: node .ci/pack-check.mjs [--no-build] [--keep] [--install-only]
//   --install-only: build, pack and install, print "installed DIR" and stop
//   (what .ci/measure-startup.mjs measures in).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['packages/stripe-emulator', 'packages/tollgate', 'packages/react'];
const args = new Set(process.argv.slice(2));
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const failures = [];

function step(what) {
  console.log(`\n-- ${what}  (${seconds()} s)`);
}

function check(condition, what, detail = '') {
  console.log(`  ${condition ? 'ok  ' : 'FAIL'} ${what}`);
  if (!condition) {
    failures.push(what);
    if (detail)
      console.log(
        detail
          .split('\n')
          .map((line) => `       ${line}`)
          .join('\n'),
      );
  }
  return condition;
}

/** Runs a command to its end: { code, stdout, stderr } (never rejects; a timeout is code null). */
function run(command, argv, options = {}) {
  return new Promise((done) => {
    const child = spawn(command, argv, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ code: -1, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const output = (r) => `${r.stdout}${r.stderr}`.trim().slice(-3000);

/** The fenced block after `<!-- pack-check: NAME -->` in a Markdown file. */
function snippet(file, name) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const match = new RegExp(`<!-- pack-check: ${name} -->\\s*\`\`\`(?:js|ts)\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!match) throw new Error(`${file} has no "<!-- pack-check: ${name} -->" block`);
  return match[1];
}

/** Run with each Node: what `require` and `import()` of the packages do from CommonJS. */
const COMMONJS = `const cases = ['tollgate', 'tollgate/testing', 'stripe-emulator'];
console.log(process.version);
for (const name of cases) {
  try {
    require(name);
    console.log('FAIL require(' + JSON.stringify(name) + ') loaded');
  } catch (error) {
    const oneLine = !error.message.includes('\\n') && / is an ES module .*use import/.test(error.message) && error.code === 'ERR_REQUIRE_ESM';
    console.log((oneLine ? 'ok ' : 'FAIL ') + 'require(' + JSON.stringify(name) + ') throws ' + error.code + ': ' + error.message.slice(0, 60) + '...');
  }
}
import('tollgate').then((m) => console.log((typeof m.consume === 'function' ? 'ok ' : 'FAIL ') + "await import('tollgate') from CommonJS works"));
`;

/** Thrown to stop after the install (--install-only). */
class Done extends Error {}

const work = mkdtempSync(join(tmpdir(), 'tollgate-pack-check-'));
const app = join(work, 'app');
let emulator;
try {
  if (!args.has('--no-build')) {
    step('npm run build (every package)');
    const built = await run('npm', ['run', 'build'], { timeoutMs: 300_000 });
    if (!check(built.code === 0, 'the packages build', output(built))) throw new Error('build failed');
  }

  step('npm pack');
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packed = await run('npm', ['pack', '--json', '--pack-destination', tarballs, ...PACKAGES.flatMap((p) => ['-w', p])]);
  if (!check(packed.code === 0, 'npm pack', output(packed))) throw new Error('pack failed');
  const manifests = JSON.parse(packed.stdout);
  for (const manifest of manifests) {
    const files = manifest.files.map((f) => f.path);
    const strays = files.filter((f) =>
      /\.test\.|test-support|test-fixtures|\/testing\/warm-up|route-cases|common-route-tests|server\/test-app|\.test-worker\.|\/fixtures\/|\.tsbuildinfo|src\/browser\//.test(
        f,
      ),
    );
    check(
      strays.length === 0,
      `${manifest.name}: no tests, test support or fixtures packed (${files.length} files, ${Math.round(manifest.size / 1024)} KiB)`,
      strays.join('\n'),
    );
    const needed = ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/index.d.ts.map'];
    if (manifest.name === 'tollgate')
      needed.push('dist/edges/cli/main.js', 'dist/pglite-template.tar.gz', 'drizzle/meta/_journal.json', 'bin/tollgate.mjs', 'esm-only.cjs', 'esm-only.d.cts');
    if (manifest.name === 'stripe-emulator') needed.push('dist/cli.js', 'bin/stripe-emulator.mjs', 'esm-only.cjs', 'esm-only.d.cts');
    if (manifest.name === '@tollgate/react') needed.push('dist/styles.css');
    const missing = needed.filter((f) => !files.includes(f));
    const dir = join(
      ROOT,
      PACKAGES.find((p) => JSON.parse(readFileSync(join(ROOT, p, 'package.json'), 'utf8')).name === manifest.name),
    );
    const loaders = files.filter(
      (f) => f.startsWith('dist/') && f.endsWith('.js') && /from ['"](vitest|tsx)|import\(['"](vitest|tsx)/.test(readFileSync(join(dir, f), 'utf8')),
    );
    check(loaders.length === 0, `${manifest.name}: no compiled module imports vitest or tsx`, loaders.join('\n'));
    // The currency table (and, in @tollgate/react, the engine's contract) is copied into dist at build (scripts/inline-import.mjs).
    const internal = files.filter((f) => f.startsWith('dist/') && /(from |import\()['"]@tollgate\/currencies['"]/.test(readFileSync(join(dir, f), 'utf8')));
    check(internal.length === 0, `${manifest.name}: no module or declaration imports the unpublished @tollgate/currencies`, internal.join('\n'));
    if (manifest.name === '@tollgate/react') {
      // Installed alone, nothing may name tollgate.
      const engine = files.filter((f) => f.startsWith('dist/') && /from ['"]tollgate[/'"]|import\(['"]tollgate[/'"]/.test(readFileSync(join(dir, f), 'utf8')));
      check(
        engine.length === 0 && files.includes('dist/client/routes.generated.d.ts'),
        '@tollgate/react: the client contract is packed in dist, no module or declaration imports tollgate',
        engine.join('\n'),
      );
    }
    check(
      missing.length === 0,
      `${manifest.name}: LICENSE, README, dist with types and maps${manifest.name === '@tollgate/react' ? '' : ', bin'} are packed`,
      missing.join('\n'),
    );
  }
  const tarball = (name) => join(tarballs, manifests.find((m) => m.name === name).filename);

  step('install the tarballs into a fresh project');
  mkdirSync(app);
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies;
  const react = JSON.parse(readFileSync(join(ROOT, 'packages/react/package.json'), 'utf8')).devDependencies;
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify(
      {
        name: 'pack-check-app',
        private: true,
        type: 'module',
        dependencies: {
          tollgate: `file:${tarball('tollgate')}`,
          'stripe-emulator': `file:${tarball('stripe-emulator')}`,
          '@tollgate/react': `file:${tarball('@tollgate/react')}`,
          react: react.react,
        },
        devDependencies: {
          typescript: root.typescript,
          '@types/node': root['@types/node'],
          '@types/react': react['@types/react'],
          vitest: root.vitest,
          tsx: root.tsx,
        },
      },
      null,
      2,
    )}\n`,
  );
  const lints = args.has('--install-only')
    ? Promise.resolve([])
    : (async () => {
        const results = [];
        for (const m of manifests) {
          results.push([
            `publint: ${m.name}`,
            await run(process.execPath, [join(ROOT, 'node_modules/publint/src/cli.js'), 'run', '--strict', tarball(m.name)]),
          ]);
          // ESM only (see the README): node10 and require() resolutions are not this package's; the stylesheet has no types.
          const attw = [
            tarball(m.name),
            '--profile',
            'esm-only',
            '--format',
            'ascii',
            ...(m.name === '@tollgate/react' ? ['--exclude-entrypoints', './styles.css'] : []),
          ];
          results.push([
            `arethetypeswrong (esm-only): ${m.name}`,
            await run(process.execPath, [join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js'), ...attw]),
          ]);
        }
        return results;
      })();
  const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, timeoutMs: 300_000 });
  if (!check(installed.code === 0, 'npm install of the tarballs', output(installed))) throw new Error('install failed');

  if (args.has('--install-only')) {
    console.log(`installed ${app}`);
    args.add('--keep');
    throw new Done();
  }
  const bin = (name) => join(app, 'node_modules/.bin', name);
  step('the installed stripe-emulator bin, started for the checks below');
  emulator = spawn(bin('stripe-emulator'), ['--port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  const emulatorUrl = await new Promise((found, failed) => {
    let text = '';
    const timer = setTimeout(() => failed(new Error(`the emulator did not start: ${text}`)), 30_000);
    emulator.stdout.on('data', (d) => {
      text += d;
      const url = /listening on (\S+)/.exec(text)?.[1];
      if (url) {
        clearTimeout(timer);
        found(url);
      }
    });
    emulator.on('exit', (code) => failed(new Error(`the emulator exited (${code}): ${text}`)));
  });
  check(emulatorUrl.startsWith('http://127.0.0.1:'), `stripe-emulator listening on ${emulatorUrl}`);
  const stripeEnv = { STRIPE_SECRET_KEY: 'sk_test_pack_check', STRIPE_API_BASE: emulatorUrl, DATABASE_URL: '' };

  // The strict type check runs meanwhile (it is the longest step).
  const readme = snippet('README.md', 'library snippet');
  const quickStart = snippet('packages/tollgate/README.md', 'quick start');
  mkdirSync(join(app, 'types'));
  writeFileSync(join(app, 'types/readme-snippet.ts'), readme);
  writeFileSync(join(app, 'types/quick-start.ts'), quickStart);
  writeFileSync(join(app, 'types/entries.tsx'), readFileSync(join(ROOT, '.ci/pack-check/entries.tsx')));
  writeFileSync(
    join(app, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', jsx: 'react-jsx', noEmit: true, types: ['node'] }, include: ['types'] }, null, 2)}\n`,
  );
  const typecheck = run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', app], { cwd: app, timeoutMs: 300_000 });

  step("the READMEs' snippets under plain Node (ESM), against the emulator and PGlite (a new .tollgate/data each)");
  const runSnippet = (name, text) => {
    mkdirSync(join(app, name));
    writeFileSync(join(app, name, 'app.mjs'), text);
    return run(process.execPath, ['app.mjs'], { cwd: join(app, name), env: stripeEnv });
  };
  // One after the other: both push plans (a meter named alike) to the one emulator.
  const ranReadme = await runSnippet('readme-snippet', readme);
  const ranQuickStart = await runSnippet('quick-start', quickStart);
  check(
    ranReadme.code === 0 &&
      /allowed: true/.test(ranReadme.stdout) &&
      /remaining: 49/.test(ranReadme.stdout) &&
      /\/c\/pay\/cs_/.test(ranReadme.stdout) &&
      /^200$/m.test(ranReadme.stdout),
    'README.md library snippet: a real consume result (allowed, 49 remaining), a Checkout URL, the app answering 200',
    output(ranReadme),
  );
  check(
    ranQuickStart.code === 0 && /allowed: true/.test(ranQuickStart.stdout) && /remaining: 49/.test(ranQuickStart.stdout),
    'packages/tollgate/README.md quick start: a real consume result',
    output(ranQuickStart),
  );

  step('CommonJS: require() fails with one line saying to use import; import() from CommonJS works');
  const nodes = [process.execPath];
  const node24 = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tollgate-ci/node24/node_modules/node/bin/node');
  if (existsSync(node24)) nodes.push(node24);
  writeFileSync(join(app, 'commonjs.cjs'), COMMONJS);
  for (const node of nodes) {
    const ran = await run(node, ['commonjs.cjs'], { cwd: app });
    const lines = ran.stdout.trim().split('\n');
    const version = lines.shift();
    for (const line of lines) check(line.startsWith('ok '), `${version}: ${line.replace(/^(ok|FAIL) /, '')}`, output(ran));
    check(ran.code === 0 && lines.length === 4, `${version}: every CommonJS case ran`, output(ran));
  }

  step('the installed tollgate bin');
  const project = join(app, 'billing');
  mkdirSync(project);
  const tollgate = (argv, env = {}) => run(bin('tollgate'), argv, { cwd: project, env: { INIT_CWD: project, ...stripeEnv, ...env } });
  const version = await tollgate(['--version']);
  check(
    version.code === 0 && version.stdout.trim() === JSON.parse(readFileSync(join(ROOT, 'packages/tollgate/package.json'), 'utf8')).version,
    `tollgate --version: ${version.stdout.trim()}`,
    output(version),
  );
  const init = await tollgate(['init']);
  const written = /Wrote (\S+)/.exec(init.stdout)?.[1];
  check(
    init.code === 0 && written?.endsWith('tollgate.config.ts') === true && existsSync(written),
    `tollgate init: wrote ${written?.replace(project, '.')} (the project has tsx)`,
    output(init),
  );
  const push = await tollgate(['push', '--yes']);
  check(push.code === 0 && /applied|created|\+ price/i.test(push.stdout), 'tollgate push --yes against the emulator', output(push));
  const again = await tollgate(['push', '--check']);
  check(again.code === 0 && /nothing to do/.test(again.stdout), 'tollgate push --check: nothing left to do', output(again));
  const migrate = await tollgate(['migrate']);
  check(migrate.code === 0 && /up to date|applied/i.test(migrate.stdout), `tollgate migrate: ${migrate.stdout.trim().split('\n')[0]}`, output(migrate));
  // A project without tsx, on a Node that cannot strip types: init writes JavaScript; a TypeScript config is refused in one line.
  if (!process.features.typescript) {
    const plain = join(work, 'no-loader');
    mkdirSync(join(plain, 'node_modules'), { recursive: true });
    symlinkSync(join(app, 'node_modules/tollgate'), join(plain, 'node_modules/tollgate'), 'dir');
    const inPlain = (argv) => run(bin('tollgate'), argv, { cwd: plain, env: { INIT_CWD: plain, ...stripeEnv } });
    const plainInit = await inPlain(['init']);
    check(
      plainInit.code === 0 && /Wrote \S+tollgate\.config\.mjs/.test(plainInit.stdout),
      `without tsx on ${process.version}: tollgate init writes tollgate.config.mjs`,
      output(plainInit),
    );
    const plainPush = await inPlain(['push', '--check']);
    check(plainPush.code === 0 && /nothing to do/.test(plainPush.stdout), '... which tollgate push reads (the same plans: nothing to do)', output(plainPush));
    rmSync(join(plain, 'tollgate.config.mjs'));
    writeFileSync(join(plain, 'tollgate.config.ts'), readFileSync(written, 'utf8'));
    const refused = await inPlain(['push']);
    const lines = refused.stderr.trim().split('\n');
    check(
      refused.code === 78 && lines.length === 1 && /npm install -D tsx/.test(lines[0]),
      `... and a tollgate.config.ts is refused in one line (${lines[0]?.slice(0, 60)}...)`,
      output(refused),
    );
  }

  step("a user's Vitest test: the emulator's library entry, and tollgate/testing");
  mkdirSync(join(app, 'test'));
  writeFileSync(join(app, 'test/billing.test.ts'), readFileSync(join(ROOT, '.ci/pack-check/billing.test.ts')));
  const vitest = await run(bin('vitest'), ['run', 'test', '--testTimeout', '60000', '--hookTimeout', '60000'], {
    cwd: app,
    env: { CI: '1' },
    timeoutMs: 180_000,
  });
  check(
    vitest.code === 0 && /2 passed/.test(vitest.stdout),
    "the user's Vitest test passes (checkout to an active subscription; createTestDeps + consume)",
    output(vitest),
  );

  step('strict tsc in the project (skipLibCheck: false) over every public entry and the snippets');
  const typed = await typecheck;
  check(typed.code === 0 && typed.stdout.trim() === '', 'no type errors', output(typed));

  step('publint and arethetypeswrong over the tarballs (run meanwhile)');
  for (const [what, result] of await lints) check(result.code === 0, what, output(result));
} catch (error) {
  if (!(error instanceof Done)) {
    failures.push(error instanceof Error ? error.message : String(error));
    console.log(`  FAIL ${error instanceof Error ? error.message : String(error)}`);
  }
} finally {
  if (emulator && emulator.exitCode === null) emulator.kill('SIGTERM');
  if (args.has('--keep')) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(`\npack-check: ${failures.length === 0 ? 'passed' : `${failures.length} failed`} in ${seconds()} s`);
process.exit(failures.length === 0 ? 0 : 1);
