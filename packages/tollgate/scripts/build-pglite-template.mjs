// Part of `npm run build`: writes dist/pglite-template.tar.gz (a migrated PGlite
// data folder) and dist/pglite-template.json, from the just-built dist/ (see
// src/core/db/pglite-template.ts: a new embedded database starts from it).
import { writeFile } from 'node:fs/promises';
import { buildPgliteTemplate } from '../dist/core/db/pglite-template.js';

const { archive, info } = await buildPgliteTemplate();
const file = new URL('../dist/pglite-template.tar.gz', import.meta.url);
await writeFile(file, archive);
await writeFile(new URL('../dist/pglite-template.json', import.meta.url), `${JSON.stringify(info, null, 2)}\n`);
console.log(`dist/pglite-template.tar.gz: PGlite ${info.pglite}, ${info.migrations.length} migrations, ${Math.round(archive.length / 1024)} KiB`);
