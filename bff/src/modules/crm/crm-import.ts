import type { Database } from '../../db/database';
import type { PiiKeys } from '../../lib/pii';
import { createCrmFeed, type CrmChange } from './crm-feed';
import { CrmFileError, planCrmFiles, readCrmFile, type CrmFile } from './crm-files';
import { CRM_KINDS, type CrmKind } from './crm-records';
import { countOwnershipConflicts } from './ownership-conflicts';

/**
 * Batch import of head-office CRM files: streamed, written in multi-row batches through the CRM feed (the same
 * validation and upserts as the incremental feed), idempotent by CRM keys. Bad rows are reported with file, line
 * and reason and skipped; the rest lands.
 */
export interface KindTotals {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface FileResult extends KindTotals {
  path: string;
  kind: CrmKind;
  format: CrmFile['format'];
  /** Set when the whole file was refused (unreadable header, missing columns). */
  error?: string;
}

export interface BadRow {
  file: string;
  line: number;
  reason: string;
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  rejected: number;
}

export interface ImportOptions {
  batchSize?: number;
  onBadRow?: (bad: BadRow) => void;
  onProgress?: (p: ImportProgress) => void;
  /** Called before each file is read. */
  onFile?: (file: CrmFile, index: number, count: number) => void;
}

export interface ImportSummary {
  files: FileResult[];
  /** Paths in the given folders that are not CRM files (left alone). */
  ignored: string[];
  totals: Record<CrmKind, KindTotals>;
  /** Rows rejected plus files refused. */
  badRows: number;
  /** CRM customers whose CRM owner does not follow their verified WeCom contact (after the import). */
  ownershipConflicts: number;
  ms: number;
}

export const DEFAULT_BATCH_SIZE = 500;

const emptyTotals = (): KindTotals => ({ rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 });

export async function importCrmFiles(db: Database, keys: PiiKeys, inputs: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const { files, ignored } = planCrmFiles(inputs);
  const feed = createCrmFeed(db, keys);
  const totals = Object.fromEntries(CRM_KINDS.map((k) => [k, emptyTotals()])) as Record<CrmKind, KindTotals>;
  const bytesTotal = files.reduce((n, f) => n + f.bytes, 0);
  const results: FileResult[] = [];
  let bytesBefore = 0;
  let badRows = 0;

  for (const [fileIndex, file] of files.entries()) {
    opts.onFile?.(file, fileIndex, files.length);
    const result: FileResult = { path: file.path, kind: file.kind, format: file.format, ...emptyTotals() };
    results.push(result);
    const bad = (line: number, reason: string): void => {
      badRows += 1;
      opts.onBadRow?.({ file: file.path, line, reason });
    };
    let bytesRead = 0;
    const progress = (): void =>
      opts.onProgress?.({ file: file.path, fileIndex, fileCount: files.length, bytesDone: bytesBefore + bytesRead, bytesTotal, rows: result.rows, rejected: result.rejected });

    // Unreadable lines wait in the batch too, so that a file's bad rows are reported in line order.
    let batch: ({ line: number; change: CrmChange } | { line: number; error: string })[] = [];
    let pendingChanges = 0;
    const flush = async (): Promise<void> => {
      if (!batch.length) return;
      const entries = batch;
      batch = [];
      pendingChanges = 0;
      const changes = entries.flatMap((e) => ('change' in e ? [e.change] : []));
      const outcomes = changes.length ? await feed.applyChanges(changes) : [];
      let i = 0;
      for (const e of entries) {
        const o = 'change' in e ? outcomes[i++]! : { status: 'rejected' as const, reason: e.error };
        result[o.status] += 1;
        if (o.status === 'rejected') bad(e.line, o.reason);
      }
      progress();
    };

    try {
      for await (const row of readCrmFile(file, { onBytes: (n) => (bytesRead = n) })) {
        result.rows += 1;
        if ('error' in row) batch.push(row);
        else {
          batch.push({ line: row.line, change: { kind: file.kind, record: row.record } });
          pendingChanges += 1;
        }
        if (pendingChanges >= batchSize || batch.length >= batchSize * 4) await flush();
      }
      await flush();
    } catch (err) {
      if (!(err instanceof CrmFileError)) throw err;
      await flush();
      result.error = err.message;
      bad(1, err.message);
    }
    bytesBefore += file.bytes;
    bytesRead = 0;
    progress();
    const t = totals[file.kind];
    for (const k of ['rows', 'inserted', 'updated', 'unchanged', 'rejected'] as const) t[k] += result[k];
  }

  return {
    files: results,
    ignored,
    totals,
    badRows,
    ownershipConflicts: await countOwnershipConflicts(db),
    ms: Math.round(performance.now() - started),
  };
}
