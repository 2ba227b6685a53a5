/**
 * Inner (decrypted) XML of WeCom event callbacks. Layout follows the official samples: elements separated by
 * "\n", strings in CDATA, numbers (CreateTime) bare, field order as in the documentation tables.
 */

/** A list value renders as `<Item>` children (MemChangeList of change_external_chat). */
export type XmlValue = string | number | { items: string[] };
export type XmlFields = [name: string, value: XmlValue][];

function cdata(value: string): string {
  // "]]>" cannot appear inside one CDATA section; split it across two, as XML writers do.
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function buildEventXml(fields: XmlFields): string {
  const render = (value: XmlValue): string => {
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return cdata(value);
    return value.items.map((item) => `<Item>${cdata(item)}</Item>`).join('');
  };
  const body = fields.map(([name, value]) => `<${name}>${render(value)}</${name}>`);
  return `<xml>${body.join('\n')}\n</xml>`;
}

export interface EventHeader {
  corpId: string;
  createTime: number;
  event: string;
}

function header(h: EventHeader): XmlFields {
  return [
    ['ToUserName', h.corpId],
    ['FromUserName', 'sys'],
    ['CreateTime', h.createTime],
    ['MsgType', 'event'],
    ['Event', h.event],
  ];
}

export type ExternalContactChange =
  | { changeType: 'add_external_contact' | 'add_half_external_contact'; userId: string; externalUserId: string; state?: string; welcomeCode?: string }
  | { changeType: 'edit_external_contact' | 'del_follow_user'; userId: string; externalUserId: string }
  | { changeType: 'del_external_contact'; userId: string; externalUserId: string; source?: string }
  | { changeType: 'transfer_fail'; userId: string; externalUserId: string; failReason: 'customer_refused' | 'customer_limit_exceed' };

export function externalContactEvent(h: Omit<EventHeader, 'event'>, change: ExternalContactChange): XmlFields {
  const fields = header({ ...h, event: 'change_external_contact' });
  fields.push(['ChangeType', change.changeType]);
  switch (change.changeType) {
    case 'add_external_contact':
    case 'add_half_external_contact':
      fields.push(['UserID', change.userId], ['ExternalUserID', change.externalUserId]);
      // State is only present when the contact way carried one; WelcomeCode only when a welcome may be sent.
      if (change.state) fields.push(['State', change.state]);
      if (change.welcomeCode) fields.push(['WelcomeCode', change.welcomeCode]);
      break;
    case 'edit_external_contact':
    case 'del_follow_user':
      fields.push(['UserID', change.userId], ['ExternalUserID', change.externalUserId]);
      break;
    case 'del_external_contact':
      fields.push(['UserID', change.userId], ['ExternalUserID', change.externalUserId]);
      if (change.source) fields.push(['Source', change.source]);
      break;
    case 'transfer_fail':
      fields.push(['FailReason', change.failReason], ['UserID', change.userId], ['ExternalUserID', change.externalUserId]);
      break;
  }
  return fields;
}

export interface TagChange {
  changeType: 'create' | 'update' | 'delete' | 'shuffle';
  /** Tag or group id; for shuffle the group whose tags were reordered ("" = all groups). */
  id: string;
  tagType?: 'tag' | 'tag_group';
  strategyId?: number;
}

export function externalTagEvent(h: Omit<EventHeader, 'event'>, change: TagChange): XmlFields {
  const fields = header({ ...h, event: 'change_external_tag' });
  fields.push(['Id', change.id]);
  if (change.changeType !== 'shuffle') fields.push(['TagType', change.tagType ?? 'tag']);
  fields.push(['ChangeType', change.changeType]);
  if (change.strategyId !== undefined) fields.push(['StrategyId', change.strategyId]);
  return fields;
}

export type ExternalChatChange =
  | { changeType: 'create' | 'dismiss'; chatId: string }
  | { changeType: 'update'; chatId: string; updateDetail: 'change_owner' | 'change_name' | 'change_notice' }
  | {
      changeType: 'update';
      chatId: string;
      updateDetail: 'add_member' | 'del_member';
      /** add_member: 0 invited directly or via the link, 3 scanned the group QR code. */
      joinScene?: 0 | 3;
      /** del_member: 0 left by themselves, 1 removed by a member. */
      quitScene?: 0 | 1;
      memChangeList: string[];
      lastMemVer: string;
      curMemVer: string;
    };

/** change_external_chat: a customer group was created, changed or dismissed (field order as in the doc table). */
export function externalChatEvent(h: Omit<EventHeader, 'event'>, change: ExternalChatChange): XmlFields {
  const fields = header({ ...h, event: 'change_external_chat' });
  fields.push(['ChatId', change.chatId], ['ChangeType', change.changeType]);
  if (change.changeType !== 'update') return fields;
  fields.push(['UpdateDetail', change.updateDetail]);
  if (change.updateDetail === 'add_member' || change.updateDetail === 'del_member') {
    if (change.updateDetail === 'add_member') fields.push(['JoinScene', change.joinScene ?? 0]);
    else fields.push(['QuitScene', change.quitScene ?? 0]);
    fields.push(
      ['MemChangeCnt', change.memChangeList.length],
      ['MemChangeList', { items: change.memChangeList }],
      ['LastMemVer', change.lastMemVer],
      ['CurMemVer', change.curMemVer],
    );
  }
  return fields;
}

export function fieldsToObject(fields: XmlFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fields) out[k] = typeof v === 'object' ? v.items.join(',') : String(v);
  return out;
}
