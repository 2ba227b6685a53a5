import { ROLE_LABELS_ZH, type Staff } from '@pfs/shared';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Card, SectionTitle } from '../../components/Card';
import { PfsButton } from '../../components/PfsButton';
import { StaffSummary, unitLine } from '../../components/StaffSummary';
import { TabLayout } from '../../layouts/TabLayout';
import { useServices, useSession } from '../../services/ServicesContext';
import { formatDateTime } from '../../format/date-time';
import { RUNTIME_LABELS_ZH } from './runtime-label';
import './me.css';

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='pfs-me__row'>
      <Text className='pfs-me__key'>{label}</Text>
      <Text className='pfs-me__value'>{value}</Text>
    </View>
  );
}

function MeContent({ staff }: { staff: Staff }) {
  const { bridge, session: controller } = useServices();
  const session = useSession();
  const [leaving, setLeaving] = useState(false);

  const logout = async () => {
    const answer = await Taro.showModal({ title: '退出登录', content: '确定退出当前账号吗？', confirmText: '退出', cancelText: '取消' });
    if (!answer.confirm) return;
    setLeaving(true);
    try {
      await controller.logout();
    } finally {
      setLeaving(false);
    }
  };

  return (
    <View>
      <Card>
        <StaffSummary staff={staff} size='large' />
      </Card>
      <SectionTitle>账号信息</SectionTitle>
      <Card>
        <View className='pfs-me__rows'>
          <Row label='姓名' value={staff.name} />
          <Row label='所属机构' value={unitLine(staff)} />
          <Row label='角色' value={staff.roles.map((role) => ROLE_LABELS_ZH[role]).join('、') || '—'} />
          <Row label='企业微信账号' value={staff.wecomUserId} />
          {session.status === 'ready' ? <Row label='登录有效期至' value={formatDateTime(session.expiresAt)} /> : null}
          <Row label='运行环境' value={RUNTIME_LABELS_ZH[bridge.kind]} />
        </View>
      </Card>
      <View className='pfs-me__actions'>
        <PfsButton variant='danger' block loading={leaving} onClick={() => void logout()}>
          退出登录
        </PfsButton>
      </View>
    </View>
  );
}

export default function MePage() {
  return <TabLayout tab='me'>{(staff) => <MeContent staff={staff} />}</TabLayout>;
}
