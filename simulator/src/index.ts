/**
 * @pfs/simulator — a byte-compatible local stand-in for WeCom, the WeChat Official Account, WeChat Pay v3,
 * an SMS gateway and an identity-verification provider. See README.md for the path map and protocols.
 */
export { createSimulator, baseUrls, PREFIXES, type Simulator, type ListeningSimulator, type BaseUrls } from './simulator';
export type { SimulatorOptions } from './options';
export { PAY_RETRY_SCHEDULE_SECONDS } from './options';
export type { SimulatorCredentials, CredentialsInput, WecomCredentials, OaCredentials, PayCredentials, ProviderCredentials, TencentCloudCredentials } from './credentials';
export { createCredentials, publicCredentials } from './credentials';
export type { Control } from './control';
export type { WecomControl } from './wecom/control';
export type { OaControl } from './oa/control';
export type { PayControl } from './pay/control';
export type { SmsControl, ProviderError } from './sms/control';
export type { IdvControl, IdvScript } from './idv/control';
export type { TencentCloudControl } from './tencentcloud/control';
export type { SeedInput, SeedResult } from './core/seed';
export type * from './core/world';
export type { CustomerAddsAdvisorInput, CustomerAddsAdvisorResult, EditContactInput, ContactRef, TagChangeInput, EventResult } from './wecom/people';
export type { UrlVerificationResult, CallbackHandle } from './wecom/callbacks';
export type { GroupChatChangeInput, GroupChatChangeResult } from './wecom/groupChats';

// Pure protocol helpers, so tests on both sides can cross-check the simulator.
export {
  encryptWecomMessage,
  decryptWecomMessage,
  wecomSignature,
  buildCallbackEnvelope,
  parseWecomXml,
  openCallback,
  WecomCryptoError,
} from './wecom/crypto';
export { jsapiSignature } from './wecom/control';
export {
  buildPayAuthorization,
  parsePayAuthorization,
  payRequestMessage,
  payResponseMessage,
  paySignMessage,
  rsaSign,
  rsaVerify,
  verifyPaySignature,
  PAY_SCHEME,
} from './pay/sign';
export { encryptPayResource, decryptPayResource } from './pay/aead';
export { signProviderRequest, providerSignature, providerStringToSign, PROVIDER_HEADERS } from './provider/hmac';
export { isValidIdNumber, makeIdNumber } from './idv/idNumber';
export { tc3Sign, tc3Date, verifyTc3, parseTc3Authorization, TC3_ALGORITHM, type Tc3Input, type Tc3Signed } from './tencentcloud/tc3';
export { TENCENTCLOUD_HOSTS, TENCENTCLOUD_VERSIONS, TENCENT_OTP_TEMPLATE } from './tencentcloud/router';
