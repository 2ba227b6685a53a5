/**
 * The in-memory world shared by every simulated host. `reset()` replaces the whole object, so anything that
 * must survive a reset (credentials, callback URL, clock source) lives outside it.
 */
import type { AttemptOutcome } from './http';
import { CallLog, FaultQueue } from './faults';

export interface Department {
  id: number;
  name: string;
  nameEn?: string;
  parentId: number;
  order: number;
  leaders: string[];
}

export interface StaffUser {
  userid: string;
  name: string;
  department: number[];
  mainDepartment: number;
  position: string;
  isLeaderInDept: number[];
  directLeader: string[];
  /** 1 active, 2 disabled, 4 not yet activated, 5 left. */
  status: number;
  /** Whether the member has the customer-contact feature (appears in get_follow_user_list). */
  customerContact: boolean;
}

export interface ExternalContact {
  externalUserId: string;
  name: string;
  avatar: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: 1 | 2;
  /** 0 unknown, 1 male, 2 female. */
  gender: 0 | 1 | 2;
  unionid?: string;
  position?: string;
  corpName?: string;
  corpFullName?: string;
}

export interface FollowRelation {
  userid: string;
  externalUserId: string;
  remark: string;
  description: string;
  createtime: number;
  tagIds: string[];
  remarkCorpName: string;
  remarkMobiles: string[];
  operUserid: string;
  addWay: number;
  state: string;
  /** add_half_external_contact: the customer added with skip-verify and the member has not confirmed yet. */
  half: boolean;
  /** The customer deleted the member; the member still sees the customer until they delete too. */
  deletedByCustomer: boolean;
}

export interface TagGroup {
  groupId: string;
  name: string;
  createTime: number;
  order: number;
}

export interface CorpTag {
  id: string;
  groupId: string;
  name: string;
  createTime: number;
  order: number;
}

export interface ContactWay {
  configId: string;
  type: 1 | 2;
  scene: 1 | 2;
  style?: number;
  remark: string;
  skipVerify: boolean;
  state: string;
  users: string[];
  parties: number[];
  isTemp: boolean;
  expiresIn?: number;
  qrCode?: string;
  createdAt: number;
}

export interface GroupChatMember {
  /** Member userid (type 1) or external_userid (type 2). */
  userid: string;
  /** 1 corp member, 2 external contact. */
  type: 1 | 2;
  joinTime: number;
  /** 1 invited directly, 2 via the group link, 3 scanned the group QR code. */
  joinScene: 1 | 2 | 3;
  /** Who invited them (absent for the owner and for QR joins). */
  invitor?: string;
  groupNickname: string;
  name: string;
  /** External WeChat members only (with a bound developer account on the real platform). */
  unionid?: string;
}

/** A customer group (客户群) as externalcontact/groupchat/* sees it. */
export interface GroupChat {
  chatId: string;
  name: string;
  owner: string;
  createTime: number;
  notice: string;
  members: GroupChatMember[];
  admins: string[];
  /** groupchat/list status: 0 normal, 1 owner left (awaiting inheritance), 2 inheriting, 3 inherited. */
  status: 0 | 1 | 2 | 3;
  /** Changes whenever the member list does (groupchat/get member_version, LastMemVer/CurMemVer). */
  memberVersion: string;
}

export interface OaUser {
  openid: string;
  unionid: string;
  nickname: string;
  sex: 0 | 1 | 2;
  province: string;
  city: string;
  country: string;
  headimgurl: string;
  /** Follows the OA (template messages need it). */
  subscribed: boolean;
  /** A snapshot-mode virtual identity (朋友圈快照页): never to be bound to a real person. */
  snapshot: boolean;
}

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'PAYERROR' | 'USERPAYING' | 'REVOKED' | 'REFUND';

export interface PayOrder {
  outTradeNo: string;
  appid: string;
  mchid: string;
  description: string;
  notifyUrl: string;
  attach?: string;
  timeExpire?: string;
  goodsTag?: string;
  amount: { total: number; currency: string };
  payer: { openid: string };
  prepayId: string;
  /** The request body as received, to tell an identical re-submission from a conflicting one. */
  requestBody: string;
  tradeState: TradeState;
  transactionId?: string;
  successTime?: string;
  bankType?: string;
  createdAt: number;
}

export interface AttemptRecord {
  attempt: number;
  /** Simulator-clock time the attempt started (ms). */
  at: number;
  /** Real time the attempt started (ms); the gaps between these follow the (scaled) retry schedule. */
  realAt: number;
  outcome: AttemptOutcome;
  status?: number;
  responseBody?: string;
  error?: string;
  durationMs: number;
  /** Headers of this attempt when they differ per attempt (Pay re-signs every retry). */
  requestHeaders?: Record<string, string>;
}

export interface DeliveryRecord {
  id: string;
  kind: 'wecom_callback' | 'pay_notify';
  url: string;
  /** Plaintext payload (decrypted XML for WeCom, resource JSON for Pay) for inspection. */
  plaintext: string;
  /** Exactly what was sent on the wire. */
  body: string;
  headers: Record<string, string>;
  status: 'pending' | 'delivered' | 'failed' | 'skipped' | 'cancelled';
  attempts: AttemptRecord[];
  /** Extra facts: event fields for WeCom, out_trade_no for Pay. */
  meta: Record<string, string>;
}

export interface SentAppMessage {
  msgid: string;
  at: number;
  msgtype: string;
  agentid: number;
  touser: string[];
  toparty: string[];
  totag: string[];
  invaliduser: string[];
  body: Record<string, unknown>;
  /** enable_duplicate_check hit: accepted but not shown again. */
  duplicate: boolean;
  responseCode?: string;
}

export interface WelcomeMessageRecord {
  at: number;
  welcomeCode: string;
  userid: string;
  externalUserId: string;
  text?: { content: string };
  attachments: Record<string, unknown>[];
}

export interface TemplateMessageRecord {
  msgid: number;
  at: number;
  touser: string;
  templateId: string;
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  data: Record<string, { value: string; color?: string }>;
  clientMsgId?: string;
}

export interface SmsMessage {
  messageId: string;
  at: number;
  phone: string;
  templateId: string;
  params: Record<string, string>;
  content: string;
  signName: string;
  status: 'DELIVERED' | 'FAILED';
}

export type IdvOutcome = 'pass' | 'mismatch' | 'timeout' | 'unavailable';

export interface IdvSession {
  bizToken: string;
  name: string;
  idNumber: string;
  phone: string;
  redirectUrl: string;
  createdAt: number;
  expiresAt: number;
  /** Set when the simulated person finished the hosted page. */
  completedAt?: number;
  status: 'PENDING' | 'PASS' | 'MISMATCH';
  matched: { name: boolean; idNumber: boolean; phone: boolean };
  /** Which API started it: the simulator's own IDV API, or Tencent Cloud FaceID DetectAuth (no phone). */
  api?: 'sim' | 'faceid';
  /** FaceID only: the DetectAuth RuleId and Extra (returned with the result). */
  ruleId?: string;
  extra?: string;
}

/** One Tencent Cloud API call as the simulator answered it (`error` = the Error.Code, if any). */
export interface TencentCloudCall {
  service: string;
  action: string;
  at: number;
  error?: string;
}

/** One FaceID PhoneVerification (3-element check) and its Result code. */
export interface PhoneVerificationRecord {
  at: number;
  name: string;
  idNumber: string;
  phone: string;
  result: string;
}

export interface ApiCall {
  api: string;
  at: number;
  errcode: number;
}

export interface IssuedToken {
  token: string;
  createdAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface OneTimeCode<T> {
  value: T;
  expiresAt: number;
  used: boolean;
}

export class World {
  readonly departments = new Map<number, Department>();
  readonly users = new Map<string, StaffUser>();
  readonly contacts = new Map<string, ExternalContact>();
  /** Key `${userid}|${externalUserId}`. */
  readonly follows = new Map<string, FollowRelation>();
  readonly tagGroups = new Map<string, TagGroup>();
  readonly tags = new Map<string, CorpTag>();
  readonly contactWays = new Map<string, ContactWay>();
  readonly groupChats = new Map<string, GroupChat>();
  readonly oaUsers = new Map<string, OaUser>();
  readonly orders = new Map<string, PayOrder>();

  readonly wecom = {
    tokens: new Map<string, IssuedToken>(),
    tickets: new Map<string, IssuedToken & { kind: 'corp' | 'agent' }>(),
    ticketIssues: [] as { kind: 'corp' | 'agent'; at: number }[],
    loginCodes: new Map<string, OneTimeCode<string>>(),
    oauthCodes: new Map<string, OneTimeCode<string>>(),
    welcomeCodes: new Map<string, OneTimeCode<{ userid: string; externalUserId: string }>>(),
    browserUser: undefined as string | undefined,
    calls: new CallLog<ApiCall>(),
    faults: new FaultQueue<number>(),
    messages: [] as SentAppMessage[],
    welcomeMessages: [] as WelcomeMessageRecord[],
    deliveries: [] as DeliveryRecord[],
  };

  readonly oa = {
    tokens: new Map<string, IssuedToken>(),
    tickets: new Map<string, IssuedToken>(),
    codes: new Map<string, OneTimeCode<{ openid: string; scope: string; appid: string }>>(),
    snsTokens: new Map<string, IssuedToken & { openid: string; scope: string }>(),
    refreshTokens: new Map<string, IssuedToken & { openid: string; scope: string }>(),
    browserUser: undefined as { openid?: string; snapshot: boolean } | undefined,
    calls: new CallLog<ApiCall>(),
    faults: new FaultQueue<number>(),
    templateMessages: [] as TemplateMessageRecord[],
    templateIds: new Set<string>(),
  };

  readonly pay = {
    calls: new CallLog<ApiCall>(),
    faults: new FaultQueue<{ status: number; code: string; message: string }>(),
    notifications: [] as DeliveryRecord[],
  };

  readonly sms = {
    messages: [] as SmsMessage[],
    faults: new FaultQueue<{ status: number; code: string; message: string }>(),
    phoneFaults: new Map<string, { status: number; code: string; message: string }>(),
    nonces: new Map<string, number>(),
  };

  readonly idv = {
    sessions: new Map<string, IdvSession>(),
    scripts: new Map<string, { outcome: IdvOutcome; mismatchFields: ('name' | 'idNumber' | 'phone')[] }>(),
    globalScript: undefined as { outcome: IdvOutcome; mismatchFields: ('name' | 'idNumber' | 'phone')[] } | undefined,
    nonces: new Map<string, number>(),
  };

  readonly tencentcloud = {
    calls: [] as TencentCloudCall[],
    /** Scripted Error.Code answers per action ('*' = any). */
    faults: new FaultQueue<{ code: string; message: string }>(),
    phoneVerifications: [] as PhoneVerificationRecord[],
  };

  followKey(userid: string, externalUserId: string): string {
    return `${userid}|${externalUserId}`;
  }

  follow(userid: string, externalUserId: string): FollowRelation | undefined {
    return this.follows.get(this.followKey(userid, externalUserId));
  }

  followsOf(externalUserId: string): FollowRelation[] {
    return [...this.follows.values()].filter((f) => f.externalUserId === externalUserId);
  }

  followsBy(userid: string): FollowRelation[] {
    return [...this.follows.values()].filter((f) => f.userid === userid);
  }

  /** Tags in the get_corp_tag_list sense: larger order sorts first. */
  tagsOfGroup(groupId: string): CorpTag[] {
    return [...this.tags.values()].filter((t) => t.groupId === groupId).sort((a, b) => b.order - a.order);
  }
}
