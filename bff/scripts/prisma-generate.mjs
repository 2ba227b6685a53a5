// `prisma generate` needs no engine binary, but the CLI insists that one exists before it starts: point it at any
// file so it never tries to download one (these machines reach no host but the npm registry).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
const res = spawnSync(process.execPath, [path.join(root, 'bff/node_modules/prisma/build/index.js'), 'generate', '--schema', path.join(root, 'prisma/schema.prisma')], { stdio: 'inherit', env });
process.exit(res.status ?? 1);
