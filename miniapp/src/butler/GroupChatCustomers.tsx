import type { GroupChatCustomer, GroupChatMembers } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { createButlerApi } from '../api/butler-api';
import { Card } from '../components/Card';
import { EmptyState, ErrorState, LoadingState } from '../components/PageState';
import { useAsync } from '../hooks/use-async';
import { useServices } from '../services/ServicesContext';
import { CustomerProfileScreen } from './CustomerProfileScreen';
import './group-chat.css';

function CustomerRow({ customer, onOpen }: { customer: GroupChatCustomer; onOpen: (customerId: string) => void }) {
  const { customerId } = customer;
  if (!customerId) {
    return (
      <View className='pfs-group__row pfs-group__row--other'>
        <Text className='pfs-group__name'>{customer.displayName}</Text>
        <Text className='pfs-group__hint'>非您名下客户</Text>
      </View>
    );
  }
  return (
    <View className='pfs-group__row' role='button' aria-label={`查看${customer.displayName}的客户画像`} onClick={() => onOpen(customerId)}>
      <View className='pfs-group__names'>
        <Text className='pfs-group__name'>{customer.displayName}</Text>
        {customer.nameMasked ? <Text className='pfs-group__sub'>{customer.nameMasked}</Text> : null}
      </View>
      <Text className={`pfs-butler-badge ${customer.verified ? 'pfs-butler-badge--ok' : 'pfs-butler-badge--no'}`}>{customer.verified ? '已实名' : '未实名'}</Text>
      <Text className='pfs-group__chevron' aria-hidden='true'>
        ›
      </Text>
    </View>
  );
}

function Summary({ group }: { group: GroupChatMembers }) {
  const mine = group.customers.filter((c) => c.inScope);
  const verified = mine.filter((c) => c.verified).length;
  return (
    <Card className='pfs-group__head'>
      <Text className='pfs-group__title'>{group.name}</Text>
      <Text className='pfs-group__meta'>
        群主 {group.ownerName ?? '—'} · 客户 {group.customers.length} 人 · 您的客户 {mine.length} 人（已实名 {verified}）
      </Text>
    </Card>
  );
}

/**
 * The sidebar in a customer group: the group's customers, the caller's own with 实名/未实名 and a way into each
 * profile (shown in place, with a way back); other people by a masked name only.
 */
export function GroupChatCustomers({ chatId }: { chatId: string }) {
  const { http } = useServices();
  const api = useMemo(() => createButlerApi(http), [http]);
  const group = useAsync(() => api.groupChatMembers(chatId), [api, chatId]);
  const [open, setOpen] = useState<string | null>(null);

  if (open) {
    return (
      <View>
        <Text className='pfs-group__back' onClick={() => setOpen(null)}>
          ‹ 返回群成员
        </Text>
        <CustomerProfileScreen target={{ customerId: open }} />
      </View>
    );
  }
  if (group.status === 'loading') return <LoadingState label='正在读取群成员…' />;
  if (group.status === 'error') return <ErrorState title='群成员加载失败' error={group.error} onRetry={group.reload} />;
  const { customers } = group.data;
  const ordered = [...customers.filter((c) => c.inScope), ...customers.filter((c) => !c.inScope)];
  return (
    <View className='pfs-group'>
      <Summary group={group.data} />
      {customers.length === 0 ? (
        <EmptyState emblem='群' title='群里还没有客户' description='客户加入该群后，这里会列出他们的实名状态。' />
      ) : (
        <Card title='群内客户'>
          {ordered.map((c, i) => (
            <CustomerRow key={c.customerId ?? `other-${i}`} customer={c} onOpen={setOpen} />
          ))}
        </Card>
      )}
    </View>
  );
}
