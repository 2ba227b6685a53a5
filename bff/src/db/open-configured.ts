import path from 'node:path';
import type { Config } from '../config/config';
import { openDatabase, type Database } from './database';

export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    dataDir: path.join(config.DATA_DIR, 'pglite'),
  });
}
