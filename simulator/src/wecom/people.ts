/**
 * What people do in the WeCom client (customers adding advisors, advisors editing or deleting, admins
 * changing tags). Each action changes the world and then sends the callback the real platform would send.
 * API calls never come through here: on the real platform they produce no callbacks.
 */
import { newExternalUserId, newTagId, newUnionId, randomString, URL_SAFE } from '../core/ids';
import { defaultAvatar } from '../core/seed';
import type { Sim } from '../core/sim';
import type { CorpTag, FollowRelation, TagGroup } from '../core/world';
import { deliverWecomEvent, type CallbackHandle } from './callbacks';
import { externalContactEvent, externalTagEvent, fieldsToObject, type ExternalContactChange, type TagChange, type XmlFields } from './events';

export interface EventResult extends CallbackHandle {
  /** The event's fields as sent (decrypted view). */
  event: Record<string, string>;
}

export interface CustomerAddsAdvisorInput {
  userId: string;
  /** An existing customer; omitted = a new WeChat user. */
  externalUserId?: string;
  name?: string;
  avatar?: string;
  gender?: 0 | 1 | 2;
  unionid?: string;
  /** Added through this 联系我 way: its `state` comes back in the event and in follow_user.state. */
  configId?: string;
  /** Explicit state (overrides the contact way's). */
  state?: string;
  /** add_half_external_contact: skip-verify add the member has not confirmed yet. */
  half?: boolean;
  addWay?: number;
  /** Whether the event carries a WelcomeCode (false = a welcome is configured in the admin console, etc.). */
  welcomeCode?: boolean;
}

export interface CustomerAddsAdvisorResult extends EventResult {
  externalUserId: string;
  welcomeCode?: string;
  state: string;
}

export interface EditContactInput {
  userId: string;
  externalUserId: string;
  remark?: string;
  description?: string;
  remarkCorpName?: string;
  remarkMobiles?: string[];
  addTags?: string[];
  removeTags?: string[];
}

export interface ContactRef {
  userId: string;
  externalUserId: string;
}

export type TagChangeInput =
  | { changeType: 'create'; tagType: 'tag'; groupId: string; name: string; order?: number }
  | { changeType: 'create'; tagType: 'tag_group'; groupName: string; tags: string[]; order?: number }
  | { changeType: 'update'; tagType: 'tag' | 'tag_group'; id: string; name?: string; order?: number }
  | { changeType: 'delete'; tagType: 'tag' | 'tag_group'; id: string }
  | { changeType: 'shuffle'; groupId?: string; order?: string[] };

export interface TagChangeResult extends EventResult {
  id: string;
}

export class People {
  constructor(private readonly sim: Sim) {}

  private emit(fields: XmlFields): EventResult {
    return { ...deliverWecomEvent(this.sim, fields), event: fieldsToObject(fields) };
  }

  private contactChange(change: ExternalContactChange): EventResult {
    return this.emit(externalContactEvent({ corpId: this.sim.credentials.wecom.corpId, createTime: this.sim.clock.nowSeconds() }, change));
  }

  private requireFollow(ref: ContactRef): FollowRelation {
    const f = this.sim.world.follow(ref.userId, ref.externalUserId);
    if (!f) throw new Error(`${ref.userId} does not follow ${ref.externalUserId}`);
    return f;
  }

  customerAddsAdvisor(input: CustomerAddsAdvisorInput): CustomerAddsAdvisorResult {
    const w = this.sim.world;
    const user = w.users.get(input.userId);
    if (!user) throw new Error(`unknown userid ${input.userId}`);
    if (!user.customerContact) throw new Error(`${input.userId} has no customer-contact permission`);
    let state = input.state;
    if (input.configId !== undefined) {
      const way = w.contactWays.get(input.configId);
      if (!way) throw new Error(`unknown contact way ${input.configId}`);
      const inWay = way.users.includes(input.userId) || way.parties.some((p) => user.department.includes(p));
      if (!inWay) throw new Error(`${input.userId} is not part of contact way ${input.configId}`);
      state ??= way.state;
    }
    state ??= '';

    const externalUserId = input.externalUserId ?? newExternalUserId();
    if (!w.contacts.has(externalUserId)) {
      w.contacts.set(externalUserId, {
        externalUserId,
        name: input.name ?? `客户${randomString(4, '0123456789')}`,
        avatar: input.avatar ?? defaultAvatar(externalUserId),
        type: 1,
        gender: input.gender ?? 0,
        unionid: input.unionid ?? newUnionId(),
      });
    }
    const now = this.sim.clock.nowSeconds();
    const existing = w.follow(input.userId, externalUserId);
    const follow: FollowRelation = {
      userid: input.userId,
      externalUserId,
      remark: existing?.remark ?? '',
      description: existing?.description ?? '',
      createtime: now,
      tagIds: existing?.tagIds ?? [],
      remarkCorpName: existing?.remarkCorpName ?? '',
      remarkMobiles: existing?.remarkMobiles ?? [],
      operUserid: externalUserId,
      addWay: input.addWay ?? 1,
      state,
      half: input.half === true,
      deletedByCustomer: false,
    };
    w.follows.set(w.followKey(input.userId, externalUserId), follow);

    let welcomeCode: string | undefined;
    if (input.welcomeCode !== false) {
      welcomeCode = randomString(43, URL_SAFE);
      w.wecom.welcomeCodes.set(welcomeCode, {
        value: { userid: input.userId, externalUserId },
        expiresAt: this.sim.clock.now() + this.sim.options.wecom.welcomeCodeTtlMs,
        used: false,
      });
    }
    const result = this.contactChange({
      changeType: input.half ? 'add_half_external_contact' : 'add_external_contact',
      userId: input.userId,
      externalUserId,
      state,
      welcomeCode,
    });
    return { ...result, externalUserId, welcomeCode, state };
  }

  /** A member edits remark/description/tags in the client. Editing only remark mobiles fires no callback (returns null). */
  advisorEditsContact(input: EditContactInput): EventResult | null {
    const f = this.requireFollow(input);
    let visible = false;
    if (input.remark !== undefined) { f.remark = input.remark; visible = true; }
    if (input.description !== undefined) { f.description = input.description; visible = true; }
    if (input.remarkCorpName !== undefined) { f.remarkCorpName = input.remarkCorpName; visible = true; }
    if (input.remarkMobiles !== undefined) f.remarkMobiles = input.remarkMobiles;
    if (input.addTags?.length || input.removeTags?.length) {
      for (const id of [...(input.addTags ?? []), ...(input.removeTags ?? [])]) {
        if (!this.sim.world.tags.has(id)) throw new Error(`unknown tag ${id}`);
      }
      const set = new Set(f.tagIds);
      for (const id of input.addTags ?? []) set.add(id);
      for (const id of input.removeTags ?? []) set.delete(id);
      f.tagIds = [...set];
      visible = true;
    }
    f.operUserid = input.userId;
    if (!visible) return null;
    return this.contactChange({ changeType: 'edit_external_contact', userId: input.userId, externalUserId: input.externalUserId });
  }

  /** The customer deletes the member; the member keeps seeing the customer until they delete too. */
  customerDeletesAdvisor(ref: ContactRef): EventResult {
    this.requireFollow(ref).deletedByCustomer = true;
    return this.contactChange({ changeType: 'del_follow_user', userId: ref.userId, externalUserId: ref.externalUserId });
  }

  advisorDeletesCustomer(ref: ContactRef, options: { byTransfer?: boolean } = {}): EventResult {
    this.requireFollow(ref);
    this.sim.world.follows.delete(this.sim.world.followKey(ref.userId, ref.externalUserId));
    return this.contactChange({
      changeType: 'del_external_contact',
      userId: ref.userId,
      externalUserId: ref.externalUserId,
      source: options.byTransfer ? 'DELETE_BY_TRANSFER' : undefined,
    });
  }

  /** 在职继承 failed: `userId` is the member who was to take the customer over. */
  transferFails(ref: ContactRef, reason: 'customer_refused' | 'customer_limit_exceed'): EventResult {
    if (!this.sim.world.contacts.has(ref.externalUserId)) throw new Error(`unknown external contact ${ref.externalUserId}`);
    return this.contactChange({ changeType: 'transfer_fail', userId: ref.userId, externalUserId: ref.externalUserId, failReason: reason });
  }

  tagChanged(input: TagChangeInput): TagChangeResult {
    const w = this.sim.world;
    const now = this.sim.clock.nowSeconds();
    let change: TagChange;
    switch (input.changeType) {
      case 'create': {
        if (input.tagType === 'tag') {
          if (!w.tagGroups.has(input.groupId)) throw new Error(`unknown tag group ${input.groupId}`);
          const tag: CorpTag = { id: newTagId(), groupId: input.groupId, name: input.name, createTime: now, order: input.order ?? 0 };
          w.tags.set(tag.id, tag);
          change = { changeType: 'create', tagType: 'tag', id: tag.id };
        } else {
          const group: TagGroup = { groupId: newTagId(), name: input.groupName, createTime: now, order: input.order ?? 0 };
          w.tagGroups.set(group.groupId, group);
          for (const name of input.tags) {
            const id = newTagId();
            w.tags.set(id, { id, groupId: group.groupId, name, createTime: now, order: 0 });
          }
          change = { changeType: 'create', tagType: 'tag_group', id: group.groupId };
        }
        break;
      }
      case 'update': {
        const target = input.tagType === 'tag' ? w.tags.get(input.id) : w.tagGroups.get(input.id);
        if (!target) throw new Error(`unknown ${input.tagType} ${input.id}`);
        if (input.name !== undefined) target.name = input.name;
        if (input.order !== undefined) target.order = input.order;
        change = { changeType: 'update', tagType: input.tagType, id: input.id };
        break;
      }
      case 'delete': {
        // Deleting a group deletes its tags without further callbacks; deleted tags leave every customer.
        const doomed = new Set<string>();
        if (input.tagType === 'tag') {
          if (!w.tags.has(input.id)) throw new Error(`unknown tag ${input.id}`);
          doomed.add(input.id);
        } else {
          if (!w.tagGroups.delete(input.id)) throw new Error(`unknown tag group ${input.id}`);
          for (const t of w.tags.values()) if (t.groupId === input.id) doomed.add(t.id);
        }
        for (const id of doomed) w.tags.delete(id);
        for (const f of w.follows.values()) f.tagIds = f.tagIds.filter((id) => !doomed.has(id));
        change = { changeType: 'delete', tagType: input.tagType, id: input.id };
        break;
      }
      case 'shuffle': {
        if (input.groupId !== undefined && !w.tagGroups.has(input.groupId)) throw new Error(`unknown tag group ${input.groupId}`);
        // The new order: earlier in the list = larger order (sorts first).
        const ids = input.order ?? (input.groupId ? w.tagsOfGroup(input.groupId).map((t) => t.id).reverse() : []);
        ids.forEach((id, i) => {
          const t = w.tags.get(id);
          if (t) t.order = ids.length - i;
        });
        change = { changeType: 'shuffle', id: input.groupId ?? '' };
        break;
      }
    }
    const result = this.emit(externalTagEvent({ corpId: this.sim.credentials.wecom.corpId, createTime: now }, change));
    return { ...result, id: change.id };
  }

  /** Any other event (change_external_chat, template_card_event…): the standard header plus these fields. */
  emitEvent(event: string, fields: XmlFields, options: { fromUserName?: string } = {}): EventResult {
    const header: XmlFields = [
      ['ToUserName', this.sim.credentials.wecom.corpId],
      ['FromUserName', options.fromUserName ?? 'sys'],
      ['CreateTime', this.sim.clock.nowSeconds()],
      ['MsgType', 'event'],
      ['Event', event],
    ];
    return this.emit([...header, ...fields]);
  }
}
