import type { InvitationStatus, InvitationSummary } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import { PfsButton } from '../components/PfsButton';
import { toUserMessage } from '../errors/app-error';
import { formatDateTime } from '../format/date-time';

export type InviteState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'error'; error: unknown };

const WAITING = new Set(['PENDING', 'OPENED', 'CONSENTED']);

export const INVITATION_STATUS_ZH: Record<InvitationStatus, string> = {
  PENDING: '已发送邀请，等待客户打开',
  OPENED: '客户已打开邀请链接',
  CONSENTED: '客户已同意授权，正在填写认证信息',
  VERIFIED: '客户已完成实名认证',
  EXPIRED: '邀请已过期，请重新发送',
  REVOKED: '邀请已失效，请重新发送',
};

export interface InvitePanelProps {
  invitation: InvitationSummary | null;
  state: InviteState;
  /** true while the sidebar is watching the verification status. */
  watching: boolean;
  onInvite: () => void;
}

/** Unverified customer: why to verify, the send button, and where the last invitation stands. */
export function InvitePanel({ invitation, state, watching, onInvite }: InvitePanelProps) {
  const waiting = invitation ? WAITING.has(invitation.status) : false;
  const label = state.kind === 'sending' ? '正在发送…' : waiting ? '重新发送邀请' : '发送实名邀请';
  return (
    <View className='pfs-butler-invite'>
      <Text className='pfs-butler-invite__text'>
        客户尚未实名认证。发送实名邀请后，客户在微信中完成认证，这里将显示行内客户信息、持仓与推荐产品。
      </Text>
      {invitation ? (
        <View className={`pfs-butler-invite__status pfs-butler-invite__status--${invitation.status.toLowerCase()}`} aria-live='polite'>
          <Text>{INVITATION_STATUS_ZH[invitation.status]}</Text>
          {waiting && invitation.expiresAt ? <Text className='pfs-butler-invite__meta'>有效期至 {formatDateTime(invitation.expiresAt)}</Text> : null}
          {waiting && watching ? <Text className='pfs-butler-invite__meta'>认证完成后本页自动刷新</Text> : null}
        </View>
      ) : null}
      {state.kind === 'error' ? (
        <View className='pfs-butler-invite__error' role='alert'>
          {toUserMessage(state.error)}
        </View>
      ) : null}
      <PfsButton block variant={waiting ? 'secondary' : 'primary'} loading={state.kind === 'sending'} onClick={onInvite}>
        {label}
      </PfsButton>
    </View>
  );
}
