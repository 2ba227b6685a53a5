import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Transform, type TransformCallback } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { CRM_COLUMNS, CRM_KINDS, type CrmKind, type RawRecord } from './crm-records';

/**
 * CRM export files: which kind a file holds (by the start of its name) and how it is read (by its extension),
 * streamed record by record with the line each record starts on.
 */
export type CrmFileFormat = 'csv' | 'jsonl';

export interface CrmFile {
  path: string;
  kind: CrmKind;
  format: CrmFileFormat;
  bytes: number;
}

const NAME = /^(customers|ownership|tags|holdings)[^/\\]*\.(csv|jsonl|ndjson)$/i;

export class CrmFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrmFileError';
  }
}

/** Kind and format from a file name, or null: `customers-2026-11.csv` → customers, csv. */
export function classifyCrmFile(fileName: string): { kind: CrmKind; format: CrmFileFormat } | null {
  const m = NAME.exec(fileName);
  if (!m) return null;
  return { kind: m[1]!.toLowerCase() as CrmKind, format: m[2]!.toLowerCase() === 'csv' ? 'csv' : 'jsonl' };
}

/**
 * The files to import from files and folders (a folder's own files only; sub-folders and other names are listed in
 * `ignored`), in dependency order — customers, ownership, tags, holdings — and by name within a kind.
 */
export function planCrmFiles(inputs: readonly string[]): { files: CrmFile[]; ignored: string[] } {
  const files = new Map<string, CrmFile>();
  const ignored: string[] = [];
  const add = (p: string, explicit: boolean): void => {
    const c = classifyCrmFile(path.basename(p));
    if (!c) {
      if (explicit) throw new CrmFileError(`${p}: 无法从文件名识别数据类型（应以 customers、ownership、tags 或 holdings 开头，扩展名 .csv 或 .jsonl）`);
      ignored.push(p);
      return;
    }
    files.set(path.resolve(p), { path: p, ...c, bytes: fs.statSync(p).size });
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new CrmFileError(`${input}: 文件或目录不存在`);
    if (fs.statSync(input).isDirectory()) {
      for (const entry of fs.readdirSync(input, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(input, entry.name);
        if (entry.isFile()) add(p, false);
        else ignored.push(p);
      }
    } else add(input, true);
  }
  const order = (f: CrmFile): number => CRM_KINDS.indexOf(f.kind);
  return { files: [...files.values()].sort((a, b) => order(a) - order(b) || a.path.localeCompare(b.path)), ignored };
}

/** A record with the line it starts on, or a line that could not be read as a record. */
export type SourceRow = { line: number; record: RawRecord } | { line: number; error: string };

export interface ReadOptions {
  /** Called with the bytes read from the file so far. */
  onBytes?: (bytesRead: number) => void;
}

export function readCrmFile(file: CrmFile, opts: ReadOptions = {}): AsyncGenerator<SourceRow> {
  return file.format === 'csv' ? readCsv(file, opts) : readJsonLines(file, opts);
}

/** Lower-case keys; the BOM some exporters put first is not part of the first key. */
function normalizeKey(k: string): string {
  return k.replace(/^\uFEFF/, '').trim().toLowerCase();
}

async function* readJsonLines(file: CrmFile, opts: ReadOptions): AsyncGenerator<SourceRow> {
  const stream = fs.createReadStream(file.path, { encoding: 'utf8' });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
      if (trimmed === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch {
        // Not the parser's message: it quotes the line, which may hold an ID number.
        yield { line, error: 'JSON格式错误' };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { line, error: '每行应为一个JSON对象' };
        continue;
      }
      yield { line, record: Object.fromEntries(Object.entries(value).map(([k, v]) => [normalizeKey(k), v])) };
      opts.onBytes?.(stream.bytesRead);
    }
  } finally {
    lines.close();
    stream.destroy();
    opts.onBytes?.(stream.bytesRead);
  }
}

/**
 * CRLF → LF before csv-parse: its line counter counts the CR and the LF of a quoted multi-line cell as two lines,
 * which would put every later line number off by one in files exported on Windows.
 */
class CrlfToLf extends Transform {
  private pendingCr = false;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let s = chunk.toString('latin1');
    if (this.pendingCr) s = `\r${s}`;
    this.pendingCr = s.endsWith('\r');
    if (this.pendingCr) s = s.slice(0, -1);
    done(null, Buffer.from(s.replace(/\r\n/g, '\n'), 'latin1'));
  }
  override _flush(done: TransformCallback): void {
    done(null, this.pendingCr ? Buffer.from('\r', 'latin1') : null);
  }
}

const CSV_ERRORS: Record<string, string> = {
  CSV_RECORD_INCONSISTENT_COLUMNS: '列数与表头不一致',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: '列数与表头不一致',
  CSV_QUOTE_NOT_CLOSED: '引号未闭合',
  CSV_INVALID_CLOSING_QUOTE: '引号使用不正确',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '引号后有多余字符',
};

async function* readCsv(file: CrmFile, opts: ReadOptions): AsyncGenerator<SourceRow> {
  const source = fs.createReadStream(file.path);
  // Errors that csv-parse skips arrive through a callback; they are reported in line order with the records.
  const skipped: SourceRow[] = [];
  const parser = parse({
    bom: true,
    info: true,
    raw: true,
    trim: true,
    skip_empty_lines: true,
    record_delimiter: '\n',
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      if (err) skipped.push({ line: Number((err as CsvError & { lines?: number }).lines) || 0, error: `CSV格式错误：${CSV_ERRORS[err.code] ?? err.code}` });
    },
  });
  const rows = source.pipe(new CrlfToLf()).pipe(parser);
  let header: string[] | null = null;
  const takeSkipped = function* (upTo: number): Generator<SourceRow> {
    while (skipped.length && skipped[0]!.line <= upTo) yield skipped.shift()!;
  };
  try {
    for await (const item of rows as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      const body = item.raw.replace(/^\n+/, '').replace(/\n$/, '');
      const line = item.info.lines - (body.match(/\n/g)?.length ?? 0);
      yield* takeSkipped(line);
      if (!header) {
        header = item.record.map(normalizeKey);
        const missing = CRM_COLUMNS[file.kind].required.filter((c) => !header!.includes(c));
        if (missing.length) throw new CrmFileError(`缺少列：${missing.join(', ')}（${file.kind} 文件的表头）`);
        continue;
      }
      const cols = header;
      yield { line, record: Object.fromEntries(cols.map((c, i) => [c, item.record[i] ?? ''])) };
      opts.onBytes?.(source.bytesRead);
    }
    yield* takeSkipped(Number.MAX_SAFE_INTEGER);
    if (!header) throw new CrmFileError('文件为空（没有表头）');
  } finally {
    source.destroy();
    opts.onBytes?.(source.bytesRead);
  }
}
