import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root: the nearest directory above this code that holds pnpm-workspace.yaml. Found rather than
 * counted, because the code runs from bff/src (tsx, jest) and bundled from bff/dist (`node dist/server.js`).
 */
export function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../..');
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
