import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

const BFF = path.resolve(__dirname, '../..');
/** The production build, as `pnpm start` runs it. */
export const SERVER_JS = path.join(BFF, 'dist/server.js');

/** Builds bff/dist (skipped when its inputs are unchanged); returns the build script's output. */
export function buildBff(): string {
  const res = spawnSync(process.execPath, [path.join(BFF, 'scripts/build.mjs')], { cwd: BFF, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`bff build failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

/** One JSON log line of the BFF (pino). */
export type LogLine = Record<string, unknown> & { msg?: string };

/** `node dist/server.js` as a child process, with what it logs. */
export class BffProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private out = '';
  private err = '';
  private readonly waiters = new Set<() => void>();

  constructor(env: Record<string, string>) {
    // Only what the test sets (and PATH): the test runner's DATABASE_URL / REDIS_URL must not leak in.
    this.child = spawn(process.execPath, ['--enable-source-maps', SERVER_JS], { cwd: BFF, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => this.append('out', d));
    this.child.stderr?.on('data', (d: Buffer) => this.append('err', d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => this.wake());
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get stderr(): string {
    return this.err;
  }

  /** Every JSON line logged so far (workers and the cluster primary share stdout). */
  lines(): LogLine[] {
    return this.out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  }

  /** Waits until `count` log lines satisfy `match`; fails with the output when the process exits first. */
  async waitForLines(what: string, match: (line: LogLine) => boolean, count = 1, timeoutMs = 120_000): Promise<LogLine[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines().filter(match);
      if (found.length >= count) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`BFF exited before ${what}:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The port from the first "listening" line (every worker of a cluster listens on the same one). */
  async port(timeoutMs = 120_000): Promise<number> {
    const [line] = await this.waitForLines('the BFF to listen', (l) => typeof l.msg === 'string' && l.msg.startsWith('listening on ') && typeof l.port === 'number', 1, timeoutMs);
    return line!.port as number;
  }

  tail(chars = 4000): string {
    return `${this.out.slice(-chars)}\n${this.err.slice(-chars)}`;
  }

  /** Ends the process if it still runs (test clean-up). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private append(stream: 'out' | 'err', d: Buffer): void {
    if (stream === 'out') this.out += d.toString();
    else this.err += d.toString();
    this.wake();
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }
}

/** GET on a fresh connection (no keep-alive), so that every request is routed anew; the status, or the error. */
export function getStatus(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}
