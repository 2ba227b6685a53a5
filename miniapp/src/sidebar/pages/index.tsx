import type { Staff } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import { CustomerProfileScreen } from '../../butler/CustomerProfileScreen';
import { Card } from '../../components/Card';
import { ErrorState, LoadingState } from '../../components/PageState';
import { unitLine } from '../../components/StaffSummary';
import { usePlatformContext, type PlatformContext } from '../../hooks/use-platform-context';
import { SidebarLayout } from '../../layouts/SidebarLayout';
import { ENTRY_LABELS_ZH } from '../../platform/types';
import './sidebar.css';

function CurrentTarget({ context }: { context: PlatformContext }) {
  const isGroup = context.entry === 'group_chat_tools';
  const id = isGroup ? context.chatId : context.externalUserId;
  return (
    <Card>
      <View className='pfs-sidebar__context'>
        <Text className='pfs-tag pfs-sidebar__entry'>{ENTRY_LABELS_ZH[context.entry]}</Text>
        <Text className='pfs-sidebar__label'>{isGroup ? '当前客户群 ID' : '当前客户 ID'}</Text>
        <Text className='pfs-sidebar__id'>{id ?? '—'}</Text>
      </View>
    </Card>
  );
}

function SidebarContent({ staff }: { staff: Staff }) {
  const context = usePlatformContext();
  if (context.status === 'loading') return <LoadingState label='正在读取会话信息…' />;
  if (context.status === 'error') return <ErrorState title='无法读取当前会话' error={context.error} onRetry={context.reload} />;
  return (
    <View>
      {context.data.externalUserId ? (
        <CustomerProfileScreen target={{ externalUserId: context.data.externalUserId }} />
      ) : (
        <>
          <CurrentTarget context={context.data} />
          <Card className='pfs-sidebar__placeholder' title='客户管家'>
            <Text className='pfs-sidebar__placeholder-text'>群聊中的客户管家即将上线：请在与客户的单聊中使用实名邀请与客户画像。</Text>
          </Card>
        </>
      )}
      <Text className='pfs-sidebar__footer'>
        服务人员：{staff.name} · {unitLine(staff)}
      </Text>
    </View>
  );
}

/** Chat-toolbar / contact-profile entry: compact, about the customer (or group) on the other side. */
export default function SidebarPage() {
  return <SidebarLayout>{(staff) => <SidebarContent staff={staff} />}</SidebarLayout>;
}
