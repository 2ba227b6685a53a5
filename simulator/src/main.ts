/**
 * Standalone simulator: `tsx simulator/src/main.ts`.
 * Env: SIM_PORT (default 4100), SIM_HOST (127.0.0.1), SIM_CALLBACK_URL (the BFF's WeCom callback URL),
 * SIM_TIME_SCALE, SIM_PUBLIC_BASE_URL, SIM_SEED_FILE (JSON SeedInput; default: a small demo branch),
 * SIM_CREDENTIALS_FILE (default .data/simulator-credentials.json: loaded if present, else written, so the
 * BFF's configuration survives restarts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSimulator } from './index';
import { publicCredentials, type CredentialsInput, type SimulatorCredentials } from './credentials';
import type { SeedInput } from './core/seed';
import { DEMO_SEED } from './demoSeed';

function loadJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

async function main(): Promise<void> {
  const port = Number(process.env.SIM_PORT ?? 4100);
  const host = process.env.SIM_HOST ?? '127.0.0.1';
  const credentialsFile = path.resolve(process.env.SIM_CREDENTIALS_FILE ?? path.join(__dirname, '../../.data/simulator-credentials.json'));
  const fixed = fs.existsSync(credentialsFile) ? loadJson<CredentialsInput>(credentialsFile) : undefined;
  const seed = process.env.SIM_SEED_FILE ? loadJson<SeedInput>(process.env.SIM_SEED_FILE) : DEMO_SEED;

  const sim = createSimulator({
    credentials: fixed,
    seed,
    timeScale: process.env.SIM_TIME_SCALE ? Number(process.env.SIM_TIME_SCALE) : undefined,
    publicBaseUrl: process.env.SIM_PUBLIC_BASE_URL,
    wecom: process.env.SIM_CALLBACK_URL ? { callbackUrl: process.env.SIM_CALLBACK_URL } : undefined,
  });
  // A file written before a host existed (e.g. Tencent Cloud) gets its generated credentials added once.
  if (!fixed || Object.keys(sim.credentials).some((k) => !(k in fixed))) {
    fs.mkdirSync(path.dirname(credentialsFile), { recursive: true });
    const all: SimulatorCredentials = sim.credentials;
    fs.writeFileSync(credentialsFile, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  }
  const server = await sim.listen(port, host);

  console.log(`@pfs/simulator listening on ${server.baseUrl}`);
  for (const [name, url] of Object.entries(server.urls)) console.log(`  ${name.padEnd(11)} ${url}`);
  console.log(`WeCom callback URL: ${sim.control.wecom.callbackUrl() ?? '(none — set SIM_CALLBACK_URL or PUT /control/wecom/callback-url)'}`);
  console.log('Credentials (ids; the simulated secrets and keys are in the credentials file):');
  const pub = publicCredentials(sim.credentials) as { pay: Record<string, unknown> };
  delete pub.pay.platformPublicKey;
  console.log(JSON.stringify(pub, null, 2));
  console.log(`Credentials file: ${credentialsFile}${fixed ? ' (loaded)' : ' (written)'}`);

  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
