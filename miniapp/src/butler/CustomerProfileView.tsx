import { RECOMMENDATION_REASON_LABELS_ZH, riskLabelOf, type CustomerProfile } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { Card } from '../components/Card';
import { formatDateTime } from '../format/date-time';
import { categoryLabel, daysUntil, formatDate, formatYuan } from './format';
import { InvitePanel, type InviteState } from './InvitePanel';
import { TagEditor } from './TagEditor';
import './butler.css';

export interface CustomerProfileViewProps {
  profile: CustomerProfile;
  /** Shown under the header (the customer page's 证件信息 for managers). */
  extra?: ReactNode;
  invite: InviteState;
  watching: boolean;
  onInvite: () => void;
  onSaveTags: (tagIds: string[]) => Promise<void>;
}

function Header({ profile }: { profile: CustomerProfile }) {
  return (
    <Card className='pfs-butler-head'>
      <View className='pfs-butler-head__row'>
        <View className='pfs-butler-avatar'>{profile.displayName.slice(0, 1)}</View>
        <View className='pfs-butler-head__names'>
          <Text className='pfs-butler-head__name'>{profile.displayName}</Text>
          {profile.verified ? (
            <Text className='pfs-butler-head__sub'>
              {profile.nameMasked ?? '—'} · {profile.phoneMasked ?? '—'}
            </Text>
          ) : (
            <Text className='pfs-butler-head__sub'>微信昵称（未核实身份）</Text>
          )}
        </View>
        <View className='pfs-butler-head__badges'>
          <Text className={`pfs-butler-badge ${profile.verified ? 'pfs-butler-badge--ok' : 'pfs-butler-badge--no'}`}>
            {profile.verified ? '已实名' : '未实名'}
          </Text>
          {profile.crm?.ownershipConflict ? <Text className='pfs-butler-badge pfs-butler-badge--alert'>归属冲突</Text> : null}
        </View>
      </View>
      {profile.relationship?.addedAt ? (
        <Text className='pfs-butler-muted pfs-butler-head__meta'>
          {profile.relationship.staffName ? `${profile.relationship.staffName} · ` : ''}添加于 {formatDate(profile.relationship.addedAt)}
        </Text>
      ) : null}
    </Card>
  );
}

/**
 * The CRM names another advisor (or none) than the one serving the customer in WeCom: said at the top, in words,
 * with who the CRM owner is, because what the advisor does next (serve, hand over, ask) depends on it.
 */
function OwnershipConflictBanner({ profile }: { profile: CustomerProfile }) {
  const crm = profile.crm;
  if (!crm?.ownershipConflict) return null;
  const follower = profile.relationship?.staffName ?? '当前服务人员';
  return (
    <View className='pfs-butler-conflict' role='alert'>
      <Text className='pfs-butler-conflict__title'>客户归属冲突</Text>
      <Text className='pfs-butler-conflict__text'>
        {crm.owner
          ? `行内系统登记的归属客户经理是 ${crm.owner.name}，与企业微信中服务该客户的 ${follower} 不一致。`
          : `行内系统未登记归属客户经理，与企业微信中服务该客户的 ${follower} 不一致。`}
      </Text>
      <Text className='pfs-butler-conflict__text'>业绩与服务责任以行内归属为准；如需调整，请联系机构负责人办理客户移交。</Text>
    </View>
  );
}

function CrmSummary({ profile }: { profile: CustomerProfile }) {
  const crm = profile.crm;
  if (!crm) {
    return (
      <Card title='行内客户信息'>
        <Text className='pfs-butler-muted'>已实名，但未匹配到行内客户（尚未在本行开户）。</Text>
      </Card>
    );
  }
  return (
    <Card title='行内客户信息'>
      <View className='pfs-butler-facts'>
        <View className='pfs-butler-fact'>
          <Text className='pfs-butler-fact__label'>资产等级</Text>
          <Text className='pfs-butler-fact__value pfs-butler-aum'>{crm.aumTierLabel}</Text>
        </View>
        <View className='pfs-butler-fact'>
          <Text className='pfs-butler-fact__label'>资产规模</Text>
          <Text className='pfs-butler-fact__value'>{formatYuan(crm.aumYuan)}</Text>
        </View>
        <View className='pfs-butler-fact'>
          <Text className='pfs-butler-fact__label'>风险等级</Text>
          <Text className='pfs-butler-fact__value pfs-butler-risk'>{crm.riskLabel || riskLabelOf(crm.riskLevel)}</Text>
        </View>
        <View className='pfs-butler-fact'>
          <Text className='pfs-butler-fact__label'>客户号</Text>
          <Text className='pfs-butler-fact__value'>{crm.crmNo}</Text>
        </View>
      </View>
      {crm.owner ? (
        <Text className={crm.ownershipConflict ? 'pfs-butler-owner pfs-butler-owner--conflict' : 'pfs-butler-muted'}>行内归属：{crm.owner.name}</Text>
      ) : null}
      {crm.crmTags.length ? (
        <View className='pfs-butler-chips pfs-butler-chips--top'>
          {crm.crmTags.map((tag) => (
            <Text key={tag} className='pfs-butler-chip'>
              {tag}
            </Text>
          ))}
        </View>
      ) : null}
    </Card>
  );
}

function Holdings({ profile }: { profile: CustomerProfile }) {
  const holdings = profile.crm?.holdings ?? [];
  return (
    <Card title='持仓'>
      {holdings.length === 0 ? <Text className='pfs-butler-muted'>暂无持仓</Text> : null}
      {holdings.map((h) => (
        <View key={`${h.productId}-${h.startDate ?? ''}`} className={`pfs-butler-holding${h.maturingSoon ? ' pfs-butler-holding--soon' : ''}`}>
          <View className='pfs-butler-holding__main'>
            <Text className='pfs-butler-holding__name'>{h.productName}</Text>
            <Text className='pfs-butler-holding__amount'>{formatYuan(h.amountYuan)}</Text>
          </View>
          <Text className='pfs-butler-holding__meta'>
            {categoryLabel(h.category)}
            {h.maturityDate ? ` · 到期 ${formatDate(h.maturityDate)}` : ' · 无固定期限'}
            {h.maturingSoon && h.maturityDate ? `（${Math.max(0, daysUntil(h.maturityDate))}天后到期）` : ''}
          </Text>
        </View>
      ))}
    </Card>
  );
}

function Recommendations({ profile }: { profile: CustomerProfile }) {
  return (
    <Card title='推荐产品'>
      {profile.recommendations.length === 0 ? <Text className='pfs-butler-muted'>暂无适合推荐的产品</Text> : null}
      {profile.recommendations.map((r) => (
        <View key={`${r.productId}-${r.reasonCode}`} className='pfs-butler-rec'>
          <View className='pfs-butler-rec__head'>
            <Text className='pfs-butler-rec__reason'>{RECOMMENDATION_REASON_LABELS_ZH[r.reasonCode]}</Text>
            <Text className='pfs-butler-rec__name'>{r.productName}</Text>
            <Text className='pfs-butler-rec__risk'>R{r.riskLevel}</Text>
          </View>
          <Text className='pfs-butler-rec__text'>{r.reasonText}</Text>
        </View>
      ))}
    </Card>
  );
}

function Timeline({ profile }: { profile: CustomerProfile }) {
  return (
    <Card title='互动记录'>
      {profile.timeline.length === 0 ? <Text className='pfs-butler-muted'>暂无记录</Text> : null}
      {profile.timeline.map((item, i) => (
        <View key={`${item.at}-${item.type}-${i}`} className='pfs-butler-timeline__item'>
          <View className='pfs-butler-timeline__dot' />
          <Text className='pfs-butler-timeline__label'>{item.label}</Text>
          <Text className='pfs-butler-timeline__at'>{formatDateTime(item.at)}</Text>
        </View>
      ))}
    </Card>
  );
}

/** The customer profile of the sidebar and the customer detail page. */
export function CustomerProfileView({ profile, extra, invite, watching, onInvite, onSaveTags }: CustomerProfileViewProps) {
  return (
    <View className='pfs-butler'>
      <Header profile={profile} />
      {profile.verified ? <OwnershipConflictBanner profile={profile} /> : null}
      {extra}
      {profile.verified ? (
        <>
          <CrmSummary profile={profile} />
          <Holdings profile={profile} />
          <Recommendations profile={profile} />
        </>
      ) : (
        <Card title='实名认证'>
          <InvitePanel invitation={profile.invitation} state={invite} watching={watching} onInvite={onInvite} />
        </Card>
      )}
      <Card title='企业标签'>
        <TagEditor corpTags={profile.corpTags} groups={profile.availableTags} onSave={onSaveTags} />
      </Card>
      <Card title='亲密度' className='pfs-butler-engagement'>
        <Text className='pfs-butler-muted'>亲密度评分即将上线</Text>
      </Card>
      <Timeline profile={profile} />
    </View>
  );
}
