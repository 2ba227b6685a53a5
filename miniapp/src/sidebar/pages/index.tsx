import type { Staff } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import { CustomerProfileScreen } from '../../butler/CustomerProfileScreen';
import { GroupChatCustomers } from '../../butler/GroupChatCustomers';
import { EmptyState, ErrorState, LoadingState } from '../../components/PageState';
import { unitLine } from '../../components/StaffSummary';
import { usePlatformContext } from '../../hooks/use-platform-context';
import { SidebarLayout } from '../../layouts/SidebarLayout';
import './sidebar.css';

function SidebarContent({ staff }: { staff: Staff }) {
  const context = usePlatformContext();
  if (context.status === 'loading') return <LoadingState label='正在读取会话信息…' />;
  if (context.status === 'error') return <ErrorState title='无法读取当前会话' error={context.error} onRetry={context.reload} />;
  return (
    <View>
      {context.data.externalUserId ? <CustomerProfileScreen target={{ externalUserId: context.data.externalUserId }} /> : null}
      {context.data.chatId ? <GroupChatCustomers chatId={context.data.chatId} /> : null}
      {!context.data.externalUserId && !context.data.chatId ? (
        <EmptyState emblem='会' title='当前入口没有客户' description='请从客户单聊或客户群的聊天工具栏打开。' />
      ) : null}
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
