/**
 * Tencent Cloud API 3.0 hosts: `sms.tencentcloudapi.com` (SendSms, 2021-01-11) and `faceid.tencentcloudapi.com`
 * (PhoneVerification, DetectAuth, GetDetectInfoEnhanced, 2018-03-01). Requests are routed by their Host header, so
 * a client connects to the simulator but signs and sends the real host name (README "Tencent Cloud").
 *
 * Every answer is HTTP 200 `{"Response":{...,"RequestId"}}`; failures are `{"Response":{"Error":{"Code","Message"},
 * "RequestId"}}` with Tencent's codes. Outcomes follow the same scripts as the simulator's IDV provider
 * (`control.idv.script`), and sent messages land in `control.sms.messages()` like those of the SMS gateway.
 */
import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import { readRawBody } from '../core/http';
import { randomDigits } from '../core/ids';
import type { Sim } from '../core/sim';
import type { IdvSession } from '../core/world';
import { isValidIdNumber } from '../idv/idNumber';
import { scriptFor } from '../idv/router';
import { normalizePhone } from '../sms/router';
import { verifyTc3 } from './tc3';

export const TENCENTCLOUD_HOSTS = { sms: 'sms.tencentcloudapi.com', faceid: 'faceid.tencentcloudapi.com' } as const;
export const TENCENTCLOUD_VERSIONS = { sms: '2021-01-11', faceid: '2018-03-01' } as const;
type Service = keyof typeof TENCENTCLOUD_HOSTS;

/** Regions SMS is served from (2021-01-11). FaceID takes any (or none). */
const SMS_REGIONS = new Set(['ap-beijing', 'ap-guangzhou', 'ap-nanjing']);

/** The approved OTP template behind `credentials.tencentcloud.smsTemplateId` ({1} = the code). */
export const TENCENT_OTP_TEMPLATE = '您的验证码为{1}，5分钟内有效，请勿泄露给他人。';

/** Thrown by an action handler: answered as `Response.Error`. */
class TcError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

type Params = Record<string, unknown>;
type Handler = (sim: Sim, p: Params) => Promise<Params> | Params;

const str = (p: Params, k: string): string | undefined => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
function required(p: Params, k: string): string {
  const v = p[k];
  if (v === undefined || v === null || v === '') throw new TcError('MissingParameter', `The request is missing a required parameter \`${k}\`.`);
  if (typeof v !== 'string') throw new TcError('InvalidParameter', `The parameter \`${k}\` must be a string.`);
  return v;
}

/** The IDV scripts' trouble outcomes on the FaceID APIs that have no result code of their own. */
async function faceIdTrouble(sim: Sim, idNumber: string): Promise<void> {
  const { outcome } = scriptFor(sim, idNumber);
  if (outcome === 'unavailable') throw new TcError('InternalError', '内部错误，请稍后重试。');
  if (outcome === 'timeout') {
    await sim.timers.sleep(sim.options.idv.timeoutDelayMs);
    throw new TcError('InternalError', '后端服务超时。');
  }
}

const sendSms: Handler = (sim, p) => {
  const c = sim.credentials.tencentcloud;
  const phones = p.PhoneNumberSet;
  if (!Array.isArray(phones) || phones.length === 0) throw new TcError('MissingParameter.EmptyPhoneNumberSet', '传入的号码列表为空，请确认您的参数中是否传入号码。');
  if (phones.length > 200) throw new TcError('LimitExceeded.PhoneNumberCountLimit', '调用接口单次提交的手机号个数超过200个。');
  if (required(p, 'SmsSdkAppId') !== c.smsSdkAppId) throw new TcError('UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'SmsSdkAppId 校验失败，请检查 SmsSdkAppId 是否属于云 API 密钥的关联账号。');
  const templateId = required(p, 'TemplateId');
  if (str(p, 'SignName') !== c.smsSignName) throw new TcError('FailedOperation.SignatureIncorrectOrUnapproved', '签名未审批或格式错误。');
  if (templateId !== c.smsTemplateId) throw new TcError('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配。');
  const params = p.TemplateParamSet ?? [];
  if (!Array.isArray(params) || params.length !== 1 || typeof params[0] !== 'string') {
    throw new TcError('FailedOperation.TemplateParamSetNotMatchApprovedTemplate', '请求内容与审核通过的模板内容不匹配。');
  }
  const code = params[0];
  if (!/^\d{4,8}$/.test(code)) throw new TcError('InvalidParameterValue.TemplateParameterFormatError', '验证码模板参数格式错误，验证码类模板的参数只能传入0-6位（包括6位）纯数字。');
  const fault = sim.world.sms.faults.take('send');
  if (fault) throw new TcError('InternalError.OtherError', fault.message);

  const limits = sim.options.sms.limits;
  const now = sim.clock.now();
  const sendStatusSet = phones.map((raw: unknown) => {
    const e164 = typeof raw === 'string' ? raw : '';
    const phone = normalizePhone(e164.replace(/^0086/, '+86'));
    const base = { SerialNo: `2433:${randomDigits(20)}`, PhoneNumber: e164, Fee: 0, SessionContext: str(p, 'SessionContext') ?? '', IsoCode: 'CN' };
    if (!phone) return { ...base, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误。', IsoCode: 'DEF' };
    const phoneFault = sim.world.sms.phoneFaults.get(phone);
    if (phoneFault) {
      const c2 = phoneFault.code.includes('.') ? phoneFault.code : 'FailedOperation.PhoneNumberInBlacklist';
      return { ...base, Code: c2, Message: phoneFault.message };
    }
    const sent = sim.world.sms.messages.filter((m) => m.phone === phone && m.status === 'DELIVERED');
    const within = (ms: number) => sent.filter((m) => now - m.at < ms).length;
    if (within(60_000) >= limits.perMinute) return { ...base, Code: 'LimitExceeded.DeliveryFrequencyLimit', Message: '下发短信命中了频率限制策略。' };
    if (within(3_600_000) >= limits.perHour) return { ...base, Code: 'LimitExceeded.PhoneNumberOneHourLimit', Message: '单个手机号1小时内下发短信条数超过设定的上限。' };
    if (within(86_400_000) >= limits.perDay) return { ...base, Code: 'LimitExceeded.PhoneNumberDailyLimit', Message: '单个手机号日下发短信条数超过设定的上限。' };
    sim.world.sms.messages.push({
      messageId: base.SerialNo,
      at: now,
      phone,
      templateId: 'OTP',
      params: { code },
      content: `【${c.smsSignName}】${TENCENT_OTP_TEMPLATE.replace('{1}', code)}`,
      signName: c.smsSignName,
      status: 'DELIVERED',
    });
    return { ...base, Fee: 1, Code: 'Ok', Message: 'send success' };
  });
  return { SendStatusSet: sendStatusSet };
};

/** 3-element check (name + ID number + mobile against the carrier): Result "0" consistent, "-4" not. */
const phoneVerification: Handler = async (sim, p) => {
  const idNumber = required(p, 'IdCard');
  const name = required(p, 'Name');
  const rawPhone = required(p, 'Phone');
  const detailed = str(p, 'VerifyMode') === '1';
  const record = (result: string, description: string, extra: Params = {}): Params => {
    sim.world.tencentcloud.phoneVerifications.push({ at: sim.clock.now(), name, idNumber, phone: rawPhone, result });
    return { Result: result, Description: description, Isp: result === '0' || result === '-4' ? '移动' : '', ...extra };
  };
  const phone = normalizePhone(rawPhone);
  if (!phone) return record('-6', '手机号码不合法');
  if (!isValidIdNumber(idNumber)) return record('-7', '身份证号码有误');
  if (!/^[\u4e00-\u9fa5·A-Za-z ]{2,32}$/.test(name)) return record('-8', '姓名校验不通过');
  const script = scriptFor(sim, idNumber);
  if (script.outcome === 'unavailable') return record('-11', '验证中心服务繁忙');
  if (script.outcome === 'timeout') {
    await sim.timers.sleep(sim.options.idv.timeoutDelayMs);
    throw new TcError('InternalError', '后端服务超时。');
  }
  if (script.outcome === 'mismatch') {
    const f = new Set(script.mismatchFields.length ? script.mismatchFields : ['phone']);
    const detail = f.has('name') && f.has('idNumber') ? 'NameIdCardMismatch' : f.has('name') ? 'PhoneNameMismatch' : f.has('idNumber') ? 'PhoneIdCardMismatch' : 'PhoneNameIdCardMismatch';
    return record('-4', '三要素信息不一致', detailed ? { ResultDetail: detail } : {});
  }
  return record('0', '三要素信息一致');
};

/** Face verification, step 1: a BizToken and the hosted page's Url (the person's browser goes there). */
const detectAuth: Handler = async (sim, p) => {
  const ruleId = required(p, 'RuleId');
  if (ruleId !== sim.credentials.tencentcloud.faceIdRuleId) throw new TcError('InvalidParameterValue.RuleIdNotExist', 'RuleId不存在，请到人脸核身控制台申请。');
  const idNumber = required(p, 'IdCard');
  const name = required(p, 'Name');
  if (!/^[\dX]{18}$/.test(idNumber) || !isValidIdNumber(idNumber)) throw new TcError('InvalidParameterValue', '身份证号码有误。');
  const redirectUrl = str(p, 'RedirectUrl') ?? 'https://cloud.tencent.com/product/faceid';
  if (redirectUrl.length > 1024 || !/^https?:\/\//.test(redirectUrl)) throw new TcError('InvalidParameterValue', 'RedirectUrl 不合法。');
  const extra = str(p, 'Extra');
  if (extra !== undefined && extra.length > 1024) throw new TcError('InvalidParameterValue', 'Extra 超过1024位。');
  await faceIdTrouble(sim, idNumber);
  const now = sim.clock.now();
  const session: IdvSession = {
    bizToken: randomUUID().toUpperCase(),
    name,
    idNumber,
    phone: '',
    redirectUrl,
    createdAt: now,
    expiresAt: now + sim.options.idv.bizTokenTtlSeconds * 1000,
    status: 'PENDING',
    matched: { name: false, idNumber: false, phone: false },
    api: 'faceid',
    ruleId,
    ...(extra !== undefined ? { extra } : {}),
  };
  sim.world.idv.sessions.set(session.bizToken, session);
  const base = sim.options.publicBaseUrl ?? sim.runtime.publicBaseUrl ?? '';
  return { Url: `${base}/idv/h5/verify?BizToken=${encodeURIComponent(session.bizToken)}`, BizToken: session.bizToken };
};

/** Face verification, step 3: the verdict for a BizToken (Text.ErrCode 0 = pass; null while not finished). */
const getDetectInfoEnhanced: Handler = async (sim, p) => {
  const bizToken = required(p, 'BizToken');
  if (required(p, 'RuleId') !== sim.credentials.tencentcloud.faceIdRuleId) throw new TcError('InvalidParameterValue.RuleIdNotExist', 'RuleId不存在。');
  const s = sim.world.idv.sessions.get(bizToken);
  if (!s || s.api !== 'faceid') throw new TcError('InvalidParameterValue.BizTokenIllegal', 'BizToken不合法。');
  if (s.completedAt === undefined && s.expiresAt <= sim.clock.now()) throw new TcError('InvalidParameterValue.BizTokenExpired', 'BizToken过期。');
  await faceIdTrouble(sim, s.idNumber);
  const base = { IdCard: s.idNumber, Name: s.name, UseIDType: 0, Extra: s.extra ?? '' };
  if (s.completedAt === undefined) return { Text: { ...base, ErrCode: null, ErrMsg: null, LiveStatus: null, Comparestatus: null } };
  if (s.status === 'PASS') {
    return { Text: { ...base, ErrCode: 0, ErrMsg: '成功', LiveStatus: 0, LiveMsg: '成功', Comparestatus: 0, Comparemsg: '成功', Sim: '95.36', Location: null } };
  }
  const identity = !s.matched.name || !s.matched.idNumber;
  const [code, msg] = identity ? [1101, '姓名和身份证号不一致'] : [2004, '人脸比对相似度未达标'];
  return { Text: { ...base, ErrCode: code, ErrMsg: msg, LiveStatus: 0, LiveMsg: '成功', Comparestatus: code, Comparemsg: msg, Sim: identity ? '0.00' : '41.20' } };
};

const ACTIONS: Record<Service, Record<string, Handler>> = {
  sms: { SendSms: sendSms },
  faceid: { PhoneVerification: phoneVerification, DetectAuth: detectAuth, GetDetectInfoEnhanced: getDetectInfoEnhanced },
};

/** Requests whose Host is a Tencent Cloud API host; everything else passes through. */
export function tencentCloudHost(sim: Sim): Koa.Middleware {
  return async (ctx, next) => {
    const service = (Object.keys(TENCENTCLOUD_HOSTS) as Service[]).find((s) => TENCENTCLOUD_HOSTS[s] === ctx.hostname);
    if (!service) return next();
    const requestId = randomUUID();
    const action = ctx.get('x-tc-action');
    const reply = (body: Params, error?: string): void => {
      sim.world.tencentcloud.calls.push({ service, action, at: sim.clock.now(), ...(error ? { error } : {}) });
      ctx.status = 200;
      ctx.set('Content-Type', 'application/json');
      ctx.set('X-TC-TraceId', ctx.get('x-tc-traceid') || requestId);
      ctx.body = JSON.stringify({ Response: { ...body, RequestId: requestId } });
    };
    const fail = (code: string, message: string) => reply({ Error: { Code: code, Message: message } }, code);

    const raw = await readRawBody(ctx, 1024 * 1024);
    if (ctx.method !== 'POST' || ctx.path !== '/') return fail('InvalidParameter', 'The simulator serves API 3.0 as POST / with a JSON body.');
    if (!/^application\/json\b/i.test(ctx.get('content-type'))) return fail('InvalidParameter', 'Content-Type must be application/json.');
    const authError = verifyTc3(
      { method: ctx.method, url: ctx.url, headers: ctx.headers, rawBody: raw },
      sim.credentials.tencentcloud,
      service,
      sim.clock.nowSeconds(),
    );
    if (authError) return fail(authError.code, authError.message);
    if (!action) return fail('MissingParameter', 'The request is missing a required parameter `Action`.');
    const version = ctx.get('x-tc-version');
    if (!version) return fail('MissingParameter', 'The request is missing a required parameter `Version`.');
    const handler = ACTIONS[service][action];
    if (!handler) return fail('InvalidAction', `The action \`${action}\` is not supported by ${TENCENTCLOUD_HOSTS[service]}.`);
    if (version !== TENCENTCLOUD_VERSIONS[service]) return fail('NoSuchVersion', `The requested version \`${version}\` of service \`${service}\` does not exist.`);
    const region = ctx.get('x-tc-region');
    if (service === 'sms' && !region) return fail('MissingParameter', 'The request is missing a required parameter `Region`.');
    if (service === 'sms' && !SMS_REGIONS.has(region)) return fail('UnsupportedRegion', `The region \`${region}\` is not supported by sms.`);

    let params: unknown;
    try {
      params = JSON.parse(raw === '' ? '{}' : raw);
    } catch {
      return fail('InvalidParameter', 'The request body is not valid JSON.');
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return fail('InvalidParameter', 'The request body must be a JSON object.');
    const fault = sim.world.tencentcloud.faults.take(action);
    if (fault) return fail(fault.code, fault.message);
    try {
      reply(await handler(sim, params as Params));
    } catch (e) {
      if (e instanceof TcError) return fail(e.code, e.message);
      throw e;
    }
  };
}
