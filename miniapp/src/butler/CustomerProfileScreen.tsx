import type { CustomerProfile, InvitationStatus } from '@pfs/shared';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api/api-error';
import { createButlerApi, type ButlerApi } from '../api/butler-api';
import { EmptyState, ErrorState, LoadingState } from '../components/PageState';
import { useServices } from '../services/ServicesContext';
import { CustomerProfileView } from './CustomerProfileView';
import type { InviteState } from './InvitePanel';
import { useVerificationPoll } from './use-verification-poll';

export type ProfileTarget = { externalUserId: string } | { customerId: string };

type LoadState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'success'; profile: CustomerProfile };

const WAITING = new Set<InvitationStatus>(['PENDING', 'OPENED', 'CONSENTED']);

/**
 * Loads a customer's profile (by the chat's external contact or by id) and drives the invitation: send the news
 * card through the bridge, then watch the verification status every second until the customer verified, and
 * reload the profile without a loading flash.
 */
export function CustomerProfileScreen({ target, extra }: { target: ProfileTarget; extra?: (profile: CustomerProfile, api: ButlerApi) => ReactNode }) {
  const { http, bridge } = useServices();
  const api = useMemo(() => createButlerApi(http), [http]);
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [invite, setInvite] = useState<InviteState>({ kind: 'idle' });
  const run = useRef(0);
  const key = 'externalUserId' in target ? `ext:${target.externalUserId}` : `id:${target.customerId}`;

  const fetchProfile = useCallback(
    () => ('externalUserId' in target ? api.profileByExternal(target.externalUserId) : api.profile(target.customerId)),
    // `key` identifies the target (a new object each render).
    [api, key],
  );

  const load = useCallback(
    (quiet: boolean) => {
      const id = ++run.current;
      if (!quiet) setState({ status: 'loading' });
      fetchProfile().then(
        (profile) => id === run.current && setState({ status: 'success', profile }),
        (error: unknown) => id === run.current && (!quiet || !(error instanceof ApiError)) && setState({ status: 'error', error }),
      );
    },
    [fetchProfile],
  );

  useEffect(() => {
    setInvite({ kind: 'idle' });
    load(false);
  }, [load]);

  const profile = state.status === 'success' ? state.profile : undefined;
  const pending = Boolean(profile && !profile.verified && profile.invitation && WAITING.has(profile.invitation.status));

  const poll = useVerificationPoll({
    active: pending,
    fetchStatus: () => api.verificationStatus(profile!.id),
    onDone: () => load(true),
  });

  // Keep the status line current while polling (opened → consented) without reloading everything.
  useEffect(() => {
    const invitation = poll.last?.invitation;
    if (!invitation || !profile || profile.invitation?.id !== invitation.id || profile.invitation.status === invitation.status) return;
    setState({ status: 'success', profile: { ...profile, invitation } });
  }, [poll.last, profile]);

  const sendInvitation = async () => {
    if (!profile || invite.kind === 'sending') return;
    setInvite({ kind: 'sending' });
    try {
      const issued = await api.invite(profile.id);
      const { title, desc, imgUrl, link } = issued.card;
      await bridge.sendChatMessage({ msgtype: 'news', news: { link, title, desc, imgUrl } });
      setInvite({ kind: 'sent' });
      void Taro.showToast({ title: '已发送', icon: 'success' });
      setState({
        status: 'success',
        profile: { ...profile, invitation: { id: issued.invitationId, status: 'PENDING', issuedAt: new Date().toISOString(), expiresAt: issued.expiresAt } },
      });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CUSTOMER_ALREADY_VERIFIED') load(true);
      setInvite({ kind: 'error', error });
    }
  };

  const saveTags = async (tagIds: string[]) => {
    if (!profile) return;
    const corpTags = await api.setTags(profile.id, tagIds);
    setState({ status: 'success', profile: { ...profile, corpTags } });
    void Taro.showToast({ title: '标签已更新', icon: 'success' });
  };

  if (state.status === 'loading') return <LoadingState label='正在读取客户信息…' />;
  if (state.status === 'error') {
    if (state.error instanceof ApiError && state.error.code === 'CUSTOMER_NOT_FOUND') {
      return <EmptyState emblem='客' title='暂无该客户信息' description='该客户不在您的服务名单中，或尚未同步完成，请稍后重试。' />;
    }
    return <ErrorState title='无法读取客户信息' error={state.error} onRetry={() => load(false)} />;
  }
  return (
    <CustomerProfileView
      profile={state.profile}
      extra={extra?.(state.profile, api)}
      invite={invite}
      watching={poll.polling}
      onInvite={() => void sendInvitation()}
      onSaveTags={saveTags}
    />
  );
}
