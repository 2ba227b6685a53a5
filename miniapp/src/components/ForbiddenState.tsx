import { ERROR_MESSAGES_ZH } from '@pfs/shared';
import { openTab } from '../navigation/navigate';
import { ROUTES } from '../navigation/routes';
import { EmptyState } from './PageState';
import { PfsButton } from './PfsButton';

/** A deep link to a tab the role may not see (the tab bar already hides it); `home` is the role's own first tab. */
export function ForbiddenState({ note = ERROR_MESSAGES_ZH.FORBIDDEN, home }: { note?: string; home?: string }) {
  return (
    <EmptyState
      emblem='限'
      title='无权查看'
      description={note}
      actions={
        <PfsButton variant='secondary' onClick={() => openTab(home ?? ROUTES.workbench)}>
          {home && home !== ROUTES.workbench ? '返回首页' : '返回工作台'}
        </PfsButton>
      }
    />
  );
}
