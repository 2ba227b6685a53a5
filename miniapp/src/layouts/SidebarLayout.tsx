import type { Staff } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { SessionGate } from '../components/SessionGate';
import { DemoSlot, useHasDemo } from './DemoSlot';
import './layout.css';

/** Frame of the chat-toolbar pages: a compact 375 px column, no tab bar (WeCom shows it beside the chat). */
export function SidebarLayout({ children }: { children: (staff: Staff) => ReactNode }) {
  const demo = useHasDemo();
  return (
    <View className={`pfs-page pfs-sidebar-layout${demo ? ' pfs-page--demo' : ''}`}>
      <DemoSlot layout='sidebar' />
      {/* On a desktop demo the pane stands alone on a wide screen; say what it is. */}
      {demo ? <Text className='pfs-sidebar-layout__caption'>聊天工具栏 · 侧边栏（企业微信中宽度约 375 px）</Text> : null}
      <View className='pfs-sidebar-layout__main'>
        <SessionGate>{children}</SessionGate>
      </View>
    </View>
  );
}
