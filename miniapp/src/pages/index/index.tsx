import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { ErrorState, LoadingState } from '../../components/PageState';
import { SessionGate } from '../../components/SessionGate';
import { useAsync } from '../../hooks/use-async';
import { DemoSlot, useHasDemo } from '../../layouts/DemoSlot';
import { relaunchForEntry } from '../../navigation/navigate';
import { useServices, useSession } from '../../services/ServicesContext';
import '../../layouts/layout.css';
import './launch.css';

/**
 * Launch page: waits for the login the App started, asks WeCom where the page was opened from, then goes to
 * the tabbed app or the chat-toolbar sidebar. WeCom's toolbar may also open the sidebar page directly.
 */
export default function LaunchPage() {
  const { bridge } = useServices();
  const session = useSession();
  const entry = useAsync(() => bridge.getContext(), [bridge]);
  const ready = session.status === 'ready' && entry.status === 'success';

  useEffect(() => {
    if (ready && entry.status === 'success') relaunchForEntry(entry.data, session.status === 'ready' ? session.staff.roles : undefined);
  }, [ready, entry, session]);

  return (
    <View className={`pfs-page${useHasDemo() ? ' pfs-page--demo' : ''}`}>
      <DemoSlot layout='tabs' />
      <View className='pfs-launch'>
        <View className='pfs-launch__brand'>
          <View className='pfs-launch__logo' />
          <Text>主动金融服务</Text>
        </View>
        <SessionGate>
          {() => (entry.status === 'error' ? <ErrorState title='无法识别打开方式' error={entry.error} onRetry={entry.reload} /> : <LoadingState label='正在进入…' />)}
        </SessionGate>
      </View>
    </View>
  );
}
