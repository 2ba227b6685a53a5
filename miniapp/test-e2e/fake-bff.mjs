// A stand-in for the BFF while it is being built: serves dist/h5 like koa-static (index.html for `/`, files by
// path, index.html as the fallback for unknown non-API paths) and answers the shell's /api calls with fixed data.
// Reusable by browser tests: `const bff = await startFakeBff({ port: 0 }); ... await bff.close()`.
// CLI: node test-e2e/fake-bff.mjs [--port 4100]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_ROOT = fileURLToPath(new URL('../dist/h5/', import.meta.url));

export const FAKE_UNITS = {
  branch: { id: 'u-branch', name: '北京分行', level: 'BRANCH', parentId: null },
  chaoyang: { id: 'u-chaoyang', name: '朝阳支行', level: 'SUB_BRANCH', parentId: 'u-branch' },
};

export const FAKE_STAFF = [
  { id: 's-1', wecomUserId: 'zhangxiaoming', name: '张晓明', unit: FAKE_UNITS.chaoyang, roles: ['ADVISOR'] },
  { id: 's-2', wecomUserId: 'lijing', name: '李静', unit: FAKE_UNITS.chaoyang, roles: ['UNIT_MANAGER', 'ADVISOR'] },
  { id: 's-3', wecomUserId: 'wangqiang', name: '王强', unit: FAKE_UNITS.branch, roles: ['ADMIN'] },
];

export const FAKE_CONTACTS = [
  { externalUserId: 'wmQkZ3EQAAk8h3Lr0l7M9xYZ', name: '陈女士' },
  { externalUserId: 'wmQkZ3EQAAb1Fq2Tn8CkP4dA', name: '刘先生' },
];

export const FAKE_GROUPS = [{ chatId: 'wrQkZ3EQAAR5sY0p0LqkQ1bDYh', name: '朝阳支行理财沙龙群' }];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

const error = (status, code, message) => ({ status, body: { error: { code, message, requestId: `fake-${Date.now()}` } } });

async function readJson(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return undefined;
  }
}

/**
 * Options: port (0 = any free port), host, root (dist/h5), sessionMinutes, delayMs (slows every API answer,
 * to see loading states), failMe (GET /api/me answers 500, to see error states).
 */
export async function startFakeBff(options = {}) {
  const { port = 0, host = '127.0.0.1', root = DEFAULT_ROOT, sessionMinutes = 30, delayMs = 0, failMe = false } = options;
  const sessions = new Map(); // token -> wecomUserId
  const chatMessages = [];
  const expiry = () => new Date(Date.now() + sessionMinutes * 60_000).toISOString();

  async function api(req, url) {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const staffOf = (id) => FAKE_STAFF.find((s) => s.wecomUserId === id);

    if (method === 'GET' && path === '/api/demo/staff') {
      return { status: 200, body: FAKE_STAFF.map((s) => ({ wecomUserId: s.wecomUserId, name: s.name, unitName: s.unit.name, roles: s.roles })) };
    }
    if (method === 'GET' && path === '/api/demo/contacts') return { status: 200, body: FAKE_CONTACTS };
    if (method === 'GET' && path === '/api/demo/group-chats') return { status: 200, body: FAKE_GROUPS };
    if (method === 'POST' && path === '/api/demo/login-code') {
      const body = await readJson(req);
      if (!body?.wecomUserId) return error(400, 'VALIDATION_FAILED', 'wecomUserId required');
      return { status: 200, body: { code: `demo-code:${body.wecomUserId}` } };
    }
    if (method === 'POST' && path === '/api/demo/chat-messages') {
      chatMessages.push(await readJson(req));
      return { status: 204 };
    }
    if (method === 'POST' && path === '/api/auth/wecom') {
      const body = await readJson(req);
      const staff = staffOf(String(body?.code ?? '').replace(/^demo-code:/, ''));
      if (!staff) return error(403, 'STAFF_NOT_FOUND', 'staff not found');
      const token = `fake-token-${staff.wecomUserId}-${sessions.size + 1}`;
      sessions.set(token, staff.wecomUserId);
      return { status: 200, body: { token, expiresAt: expiry(), staff } };
    }
    if (method === 'GET' && path === '/api/wecom/jssdk-signature') {
      const sig = { timestamp: Math.floor(Date.now() / 1000), nonceStr: 'fake', signature: 'fake' };
      return { status: 200, body: { corpId: 'wwfakecorp', agentId: '1000002', config: sig, agentConfig: sig } };
    }

    // Everything below needs a session.
    const staff = staffOf(sessions.get(bearer));
    if (!staff) return error(401, bearer ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED', 'no session');
    const renewed = { 'x-session-expires-at': expiry() };
    if (method === 'GET' && path === '/api/me') {
      if (failMe) return error(500, 'INTERNAL', 'boom');
      return { status: 200, headers: renewed, body: { staff, expiresAt: renewed['x-session-expires-at'] } };
    }
    if (method === 'POST' && path === '/api/auth/logout') {
      sessions.delete(bearer);
      return { status: 204 };
    }
    return error(404, 'ROUTE_NOT_FOUND', `no route ${method} ${path}`);
  }

  async function serveFile(res, pathname) {
    const safe = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, safe === '/' ? 'index.html' : safe);
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
    } catch {
      file = join(root, 'index.html'); // deep links fall back to the app
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(await readFile(file));
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/__fake/chat-messages') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(chatMessages));
        return;
      }
      if (!url.pathname.startsWith('/api/')) {
        await serveFile(res, url.pathname);
        return;
      }
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const answer = await api(req, url);
      res.writeHead(answer.status, {
        ...(answer.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        ...(answer.headers ?? {}),
      });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(error(500, 'INTERNAL', String(err)).body));
    }
  });

  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    chatMessages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const portArg = process.argv.indexOf('--port');
  const bff = await startFakeBff({ port: portArg > 0 ? Number(process.argv[portArg + 1]) : 4100 });
  console.log(`fake BFF serving dist/h5 at ${bff.url} (Ctrl-C to stop)`);
}
