import type { Staff } from '@pfs/shared';
import type { ReactNode } from 'react';
import { useServices, useSession } from '../services/ServicesContext';
import { EmptyState, ErrorState, LoadingState } from './PageState';
import { PfsButton } from './PfsButton';

/** Renders its children only with a live session; otherwise the loading, error or signed-out state. */
export function SessionGate({ children }: { children: (staff: Staff) => ReactNode }) {
  const session = useSession();
  const { session: controller } = useServices();
  const start = () => void controller.start();

  switch (session.status) {
    case 'loading':
      return <LoadingState label='正在登录…' />;
    case 'error':
      return <ErrorState title='登录失败' error={session.error} onRetry={start} />;
    case 'logged_out':
      return (
        <EmptyState
          emblem='安'
          title='您已退出登录'
          description='为保障客户信息安全，退出后需重新登录才能继续使用。'
          actions={<PfsButton onClick={start}>重新登录</PfsButton>}
        />
      );
    case 'ready':
      return <>{children(session.staff)}</>;
  }
}
