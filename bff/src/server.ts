import http from 'node:http';
import type { Socket } from 'node:net';
import { buildApp } from './app';
import { answerClientErrors } from './http/client-errors';
import { runServer } from './cluster';
import { loadConfig } from './config/config';
import { processEnv } from './config/env';
import { identifierHasher } from './lib/log-identifiers';
import { createLogger } from './lib/logger';
import { createRuntime, type RuntimeOptions } from './runtime';

/** Starts the BFF: listen on PORT, and on SIGTERM/SIGINT stop accepting, drain, then close database and Redis. */
export async function start(env: Record<string, string | undefined>, options: RuntimeOptions = {}): Promise<{ server: http.Server; stop: () => Promise<void> }> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL, undefined, { identifierHash: identifierHasher(config.piiIndexKey) });
  const started = performance.now();
  const runtime = await createRuntime(config, logger, undefined, options);
  const app = buildApp(runtime);
  const server = http.createServer(app.callback());
  answerClientErrors(server);
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  // The in-process simulator calls back over loopback unless the BFF listens on one specific address.
  const callbackHost = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  runtime.setPublicBaseUrl(`http://${callbackHost}:${port}`);
  logger.info({ port, startupMs: Math.round(performance.now() - started), db: runtime.db.kind, redis: runtime.redis.kind }, `listening on http://localhost:${port}/`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      logger.info('shutting down: no new connections, draining requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        logger.warn({ open: sockets.size }, 'drain timeout: closing remaining connections');
        for (const s of sockets) s.destroy();
      }, config.SHUTDOWN_TIMEOUT_MS);
      await closed;
      clearTimeout(timer);
      await runtime.close();
      logger.info('stopped');
    })());
  return { server, stop };
}

// `node dist/server.js` (pnpm start) or `tsx src/server.ts`: one process, or WEB_CONCURRENCY workers (src/cluster.ts).
if (require.main === module) runServer(processEnv(), start);
