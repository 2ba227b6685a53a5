import type { Staff } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { ForbiddenState } from '../components/ForbiddenState';
import { SessionGate } from '../components/SessionGate';
import { TabBar } from '../components/TabBar';
import { canSeeTab, homeRoute, tabByKey, type TabKey } from '../navigation/tabs';
import { useSession } from '../services/ServicesContext';
import { DemoSlot, useHasDemo } from './DemoSlot';
import './layout.css';

export interface TabLayoutProps {
  tab: TabKey;
  children: (staff: Staff) => ReactNode;
}

/** Frame of every tab page: heading, session states, role guard and the role-filtered tab bar. */
export function TabLayout({ tab, children }: TabLayoutProps) {
  const session = useSession();
  const def = tabByKey(tab);
  return (
    <View className={`pfs-page pfs-tab-layout${useHasDemo() ? ' pfs-page--demo' : ''}`}>
      <DemoSlot layout='tabs' />
      <View className='pfs-tab-layout__hero'>
        <View className='pfs-tab-layout__hero-inner'>
          <Text className='pfs-tab-layout__brand'>
            <Text className='pfs-brand-mark' />
            主动金融服务
          </Text>
          <Text className='pfs-tab-layout__title'>{def.label}</Text>
        </View>
      </View>
      <View className='pfs-tab-layout__main'>
        <SessionGate>{(staff) => (canSeeTab(def, staff.roles) ? children(staff) : <ForbiddenState note={def.deniedNote} home={homeRoute(staff.roles)} />)}</SessionGate>
      </View>
      {session.status === 'ready' ? <TabBar current={tab} roles={session.staff.roles} /> : null}
    </View>
  );
}
