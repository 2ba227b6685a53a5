import { encrypt as wecomEncrypt } from '@wecom/crypto';
import { buildCallbackEnvelope, decryptWecomMessage, encryptWecomMessage, wecomSignature } from '@pfs/simulator';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { openEncrypted } from './callback-crypto';
import { MAX_CALLBACK_XML_BYTES } from './callback-xml';

// Intake only (no worker): what the endpoint accepts, refuses and records. Envelopes are built with the
// simulator's independent implementation of WXBizMsgCrypt.
let t: TestApp;
let keys: { token: string; aesKey: string; corpId: string; agentId: string };

beforeAll(async () => {
  t = await createTestApp({ platform: true, workers: false });
  const w = t.deps.platform.wecom!;
  keys = { token: w.callbackToken, aesKey: w.callbackAesKey, corpId: w.corpId, agentId: w.agentId };
});
afterAll(() => t.close());

let seq = 0;
function eventXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields).map(([k, v]) => `<${k}>${typeof v === 'number' ? v : `<![CDATA[${v}]]>`}</${k}>`);
  return `<xml>${body.join('\n')}\n</xml>`;
}
function addEvent(overrides: Record<string, string | number> = {}): string {
  seq += 1;
  return eventXml({
    ToUserName: keys.corpId,
    FromUserName: 'sys',
    CreateTime: 1_790_000_000 + seq,
    MsgType: 'event',
    Event: 'change_external_contact',
    ChangeType: 'add_external_contact',
    UserID: 'wangfang',
    ExternalUserID: `wmTest${seq}`,
    ...overrides,
  });
}
function signed(encrypted: string, timestamp = '1790000000', nonce = '12345') {
  return { msg_signature: wecomSignature(keys.token, timestamp, nonce, encrypted), timestamp, nonce };
}
function post(body: string, query: Record<string, string>) {
  return t.http.post('/wecom/callback').query(query).set('content-type', 'text/xml').send(body);
}
async function postEvent(xml: string, receiveId = keys.corpId) {
  const enc = encryptWecomMessage(keys.aesKey, xml, receiveId);
  return post(buildCallbackEnvelope(keys.corpId, keys.agentId, enc), signed(enc));
}
const eventRows = () => t.deps.db.prisma.wecomEvent.count();

describe('URL verification (GET)', () => {
  it('answers the bare decrypted echostr', async () => {
    const echostr = encryptWecomMessage(keys.aesKey, '6520839420985434551', keys.corpId);
    const res = await t.http.get('/wecom/callback').query({ ...signed(echostr), echostr });
    expect(res.status).toBe(200);
    expect(res.text).toBe('6520839420985434551');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('refuses a forged signature and a foreign receiver id', async () => {
    const echostr = encryptWecomMessage(keys.aesKey, '123', keys.corpId);
    const forged = await t.http.get('/wecom/callback').query({ ...signed(echostr), msg_signature: 'a'.repeat(40), echostr });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('CALLBACK_SIGNATURE_INVALID');
    const foreign = encryptWecomMessage(keys.aesKey, '123', 'wwSomeoneElse');
    const wrong = await t.http.get('/wecom/callback').query({ ...signed(foreign), echostr: foreign });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CALLBACK_RECEIVER_MISMATCH');
  });

  it('refuses a request without signature parameters', async () => {
    const res = await t.http.get('/wecom/callback');
    expect(res.status).toBe(401);
  });
});

describe('crypto round trip', () => {
  it('opens what the simulator encrypts, including plaintext that fills whole 32-byte blocks', () => {
    // 16 random + 4 length + message + corp id: choose the message so the total is a multiple of 32 (a full pad block).
    const base = 16 + 4 + Buffer.byteLength(keys.corpId);
    for (const extra of [0, 1, 31]) {
      const len = (32 - (base % 32)) % 32 + 32 + extra;
      const message = 'x'.repeat(len);
      const enc = encryptWecomMessage(keys.aesKey, message, keys.corpId);
      expect(openEncrypted({ token: keys.token, encodingAESKey: keys.aesKey, receiveId: keys.corpId }, signed(enc), enc)).toBe(message);
    }
  });

  it('what the BFF-side library encrypts, the simulator opens (the other direction), at block boundaries too', () => {
    const base = 16 + 4 + Buffer.byteLength(keys.corpId);
    for (const extra of [0, 1, 31]) {
      const message = 'y'.repeat((32 - (base % 32)) % 32 + extra);
      const opened = decryptWecomMessage(keys.aesKey, wecomEncrypt(keys.aesKey, message, keys.corpId));
      expect(opened).toMatchObject({ message, receiveId: keys.corpId });
    }
  });

  it('round-trips Chinese text byte for byte', () => {
    const message = '<xml><Content><![CDATA[您好，王芳]]></Content></xml>';
    const enc = encryptWecomMessage(keys.aesKey, message, keys.corpId);
    expect(openEncrypted({ token: keys.token, encodingAESKey: keys.aesKey, receiveId: keys.corpId }, signed(enc), enc)).toBe(message);
  });
});

describe('event intake (POST)', () => {
  it('records a valid event and answers an empty 200', async () => {
    const before = await eventRows();
    const res = await postEvent(addEvent({ State: 'qr_wangfang' }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(await eventRows()).toBe(before + 1);
    const row = await t.deps.db.prisma.wecomEvent.findFirst({ orderBy: { receivedAt: 'desc' } });
    expect(row).toMatchObject({ event: 'change_external_contact', changeType: 'add_external_contact', processedAt: null });
    expect((row!.payload as Record<string, string>).State).toBe('qr_wangfang');
    // Its job waits in the queue (no worker in this file).
    expect(await t.deps.queue!.queueSize('wecom-event')).toBeGreaterThanOrEqual(1);
  });

  it('records a retried delivery once', async () => {
    const xml = addEvent();
    const before = await eventRows();
    const first = await postEvent(xml);
    const again = await postEvent(xml); // WeCom's retry: same event, new ciphertext is fine, same fields
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await eventRows()).toBe(before + 1);
  });

  it('refuses a forged signature without recording anything', async () => {
    const enc = encryptWecomMessage(keys.aesKey, addEvent(), keys.corpId);
    const before = await eventRows();
    const res = await post(buildCallbackEnvelope(keys.corpId, keys.agentId, enc), { ...signed(enc), msg_signature: 'f'.repeat(40) });
    expect(res.status).toBe(401);
    expect(await eventRows()).toBe(before);
  });

  it('refuses a message encrypted for another receiver id', async () => {
    const res = await postEvent(addEvent(), 'wwAnotherCorp');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('CALLBACK_RECEIVER_MISMATCH');
  });

  it('refuses an event addressed to another corp inside a correctly encrypted message', async () => {
    const res = await postEvent(addEvent({ ToUserName: 'wwAnotherCorp' }));
    expect(res.status).toBe(400);
  });

  it('refuses undecryptable content (signed, but not whole AES blocks)', async () => {
    const enc = Buffer.from('not really encrypted at all').toString('base64');
    const res = await post(buildCallbackEnvelope(keys.corpId, keys.agentId, enc), signed(enc));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('CALLBACK_UNDECRYPTABLE');
  });

  it('refuses a truncated body', async () => {
    const enc = encryptWecomMessage(keys.aesKey, addEvent(), keys.corpId);
    const envelope = buildCallbackEnvelope(keys.corpId, keys.agentId, enc);
    const res = await post(envelope.slice(0, envelope.length - 20), signed(enc));
    expect(res.status).toBe(400);
  });

  it('refuses an oversized body', async () => {
    const enc = encryptWecomMessage(keys.aesKey, addEvent({ Padding: 'p'.repeat(MAX_CALLBACK_XML_BYTES) }), keys.corpId);
    const res = await post(buildCallbackEnvelope(keys.corpId, keys.agentId, enc), signed(enc));
    expect(res.status).toBe(413);
  });

  it('refuses XML with a DTD or entities, outside and inside the encryption', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>';
    const outer = await post(bomb, signed('x'));
    expect(outer.status).toBe(400);
    const inner = `<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>${addEvent({ ExternalUserID: '&e;' })}`;
    const res = await postEvent(inner);
    expect(res.status).toBe(400);
  });

  it('refuses a decrypted message that is not an event', async () => {
    const res = await postEvent(eventXml({ ToUserName: keys.corpId, CreateTime: 1, MsgType: 'text', Content: 'hi' }));
    expect(res.status).toBe(400);
  });

  it('logs refusals without the content', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../../lib/logger');
    const logged = await createTestApp({ platform: true, workers: false, logger: createLogger('info', { write: (l: string) => lines.push(l) }) });
    try {
      const secret = 'wmSECRETexternal';
      const enc = encryptWecomMessage(keys.aesKey, addEvent({ ExternalUserID: secret }), 'wwAnotherCorp');
      const res = await logged.http.post('/wecom/callback').query(signed(enc)).set('content-type', 'text/xml').send(buildCallbackEnvelope(keys.corpId, keys.agentId, enc));
      expect(res.status).toBe(401); // this app has its own simulator credentials: the signature cannot match
      const all = lines.join('\n');
      expect(all).toContain('CALLBACK_SIGNATURE_INVALID');
      expect(all).not.toContain(secret);
      expect(all).not.toContain(enc.slice(0, 40));
    } finally {
      await logged.close();
    }
  });
});
