import { decrypt as wecomDecrypt, encrypt as wecomEncrypt, getSignature } from '@wecom/crypto';
import { createDecipheriv } from 'node:crypto';
import {
  buildCallbackEnvelope,
  decryptWecomMessage,
  encryptWecomMessage,
  openCallback,
  parseWecomXml,
  wecomSignature,
} from '../src/wecom/crypto';
import { buildEventXml, externalContactEvent } from '../src/wecom/events';

// The official WXBizMsgCrypt sample (WeCom 加解密库 samples in every language).
const SAMPLE = {
  token: 'QDG6eK',
  corpId: 'wx5823bf96d3bd56c7',
  key: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  verify: {
    signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    plain: '1616140317555161061',
  },
  post: {
    signature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  },
};

describe('WeCom callback crypto', () => {
  it('verifies and decrypts the official URL-verification sample', () => {
    const v = SAMPLE.verify;
    expect(wecomSignature(SAMPLE.token, v.timestamp, v.nonce, v.echostr)).toBe(v.signature);
    const d = decryptWecomMessage(SAMPLE.key, v.echostr);
    expect(d.message).toBe(v.plain);
    expect(d.receiveId).toBe(SAMPLE.corpId);
  });

  it('verifies and decrypts the official POST sample, whose plaintext carries 30 bytes of padding', () => {
    const p = SAMPLE.post;
    expect(wecomSignature(SAMPLE.token, p.timestamp, p.nonce, p.encrypt)).toBe(p.signature);
    const message = openCallback(
      { token: SAMPLE.token, encodingAESKey: SAMPLE.key, receiveId: SAMPLE.corpId },
      { msg_signature: p.signature, timestamp: p.timestamp, nonce: p.nonce },
      p.encrypt,
    );
    expect(parseWecomXml(message)).toMatchObject({ ToUserName: SAMPLE.corpId, MsgType: 'text', Content: 'hello', AgentID: '218' });
    // The pad length proves the 32-byte PKCS#7 block (OpenSSL's 16-byte padding would reject it).
    const key = Buffer.from(`${SAMPLE.key}=`, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const raw = Buffer.concat([decipher.update(p.encrypt, 'base64'), decipher.final()]);
    expect(raw[raw.length - 1]).toBe(30);
  });

  it('matches @wecom/crypto byte for byte given the same random prefix', () => {
    const random = Buffer.from('0123456789abcdef');
    const xml = buildEventXml(externalContactEvent({ corpId: SAMPLE.corpId, createTime: 1700000000 }, { changeType: 'del_follow_user', userId: 'zhangsan', externalUserId: 'wmXYZ' }));
    const ours = encryptWecomMessage(SAMPLE.key, xml, SAMPLE.corpId, random);
    expect(ours).toBe(wecomEncrypt(SAMPLE.key, xml, SAMPLE.corpId, random));
    expect(wecomDecrypt(SAMPLE.key, ours)).toMatchObject({ message: xml, id: SAMPLE.corpId });
    expect(wecomSignature('tok', 1, 2, ours)).toBe(getSignature('tok', 1, 2, ours));
  });

  it('round-trips a plaintext that is already a multiple of 32 bytes (adds a full 32-byte pad block)', () => {
    const corpId = 'ww0123456789abcdef'; // 18 bytes
    // 16 random + 4 length + msg + 18 corpId = 32 * n  →  msg length 26 + 32k
    const filler = 'x'.repeat(26 + 32 * 3 - '<xml><A></A></xml>'.length);
    const msg = `<xml><A>${filler}</A></xml>`;
    expect((16 + 4 + Buffer.byteLength(msg) + corpId.length) % 32).toBe(0);
    const enc = encryptWecomMessage(SAMPLE.key, msg, corpId);
    const cipherLen = Buffer.from(enc, 'base64').length;
    expect(cipherLen).toBe(16 + 4 + Buffer.byteLength(msg) + corpId.length + 32);
    expect(decryptWecomMessage(SAMPLE.key, enc)).toMatchObject({ message: msg, receiveId: corpId });
    expect(wecomDecrypt(SAMPLE.key, enc).message).toBe(msg);
    // And @wecom/crypto's output for the same input decrypts with ours.
    expect(decryptWecomMessage(SAMPLE.key, wecomEncrypt(SAMPLE.key, msg, corpId)).message).toBe(msg);
  });

  it('rejects a wrong signature (-40001) and a foreign receiveId (-40005)', () => {
    const enc = encryptWecomMessage(SAMPLE.key, '<xml/>', 'wwother');
    const q = { timestamp: '1', nonce: '2', msg_signature: wecomSignature(SAMPLE.token, '1', '2', enc) };
    const params = { token: SAMPLE.token, encodingAESKey: SAMPLE.key, receiveId: SAMPLE.corpId };
    expect(() => openCallback(params, { ...q, msg_signature: '0'.repeat(40) }, enc)).toThrow(expect.objectContaining({ code: -40001 }));
    expect(() => openCallback(params, q, enc)).toThrow(expect.objectContaining({ code: -40005 }));
  });

  it('builds the envelope and event XML in the documented layout', () => {
    const xml = buildEventXml(
      externalContactEvent(
        { corpId: 'wwcorp', createTime: 1403610513 },
        { changeType: 'add_external_contact', userId: 'zhangsan', externalUserId: 'wmA', state: 'teststate', welcomeCode: 'WELCOMECODE' },
      ),
    );
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[wwcorp]]></ToUserName>\n<FromUserName><![CDATA[sys]]></FromUserName>\n<CreateTime>1403610513</CreateTime>\n' +
        '<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[change_external_contact]]></Event>\n<ChangeType><![CDATA[add_external_contact]]></ChangeType>\n' +
        '<UserID><![CDATA[zhangsan]]></UserID>\n<ExternalUserID><![CDATA[wmA]]></ExternalUserID>\n<State><![CDATA[teststate]]></State>\n' +
        '<WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>\n</xml>',
    );
    expect(buildCallbackEnvelope('wwcorp', 1000002, 'ENC')).toBe(
      '<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[ENC]]></Encrypt></xml>',
    );
  });
});
