import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { PfsButton } from '../components/PfsButton';
import type { VerifyApi } from './verify-api';
import { RELOGIN_CODES, verifyErrorMessage } from './verify-form';

/** What withdrawing means, in the words of the consent text (PIPL Art. 15: earlier processing stays lawful). */
export const WITHDRAW_CONSEQUENCES_ZH = {
  common: '撤回后，我行将不再基于本授权处理您的姓名、身份证号、手机号等敏感个人信息，并按法律法规要求删除或匿名化处理；撤回前已进行的处理不受影响。',
  pending: '尚未完成的实名认证将无法继续；如需认证，需要重新阅读并同意授权。',
  verified: '撤回后，您的实名认证将被解除，已保存的身份证号和手机号将被删除，客户经理将看到您为未实名客户；如需再次认证，请联系客户经理重新发送邀请。',
} as const;

export interface ConsentWithdrawalProps {
  api: VerifyApi;
  /** The customer has completed verification (the wording of the consequences differs). */
  verified: boolean;
  /** Called with the server's answer: the time of the withdrawal, or null when nothing was left to withdraw. */
  onWithdrawn: (withdrawnAt: string | null) => void;
  /** The H5 session lapsed: start WeChat authorisation again. */
  onRelogin: () => void;
}

type State = { kind: 'closed' } | { kind: 'confirming' } | { kind: 'sending' } | { kind: 'error'; error: unknown };

/**
 * The 撤回授权 link under the form and the success card: explains the consequence, asks to confirm, then calls
 * `POST /api/h5/consent/withdraw` (the withdrawal is recorded against this invitation and WeChat user).
 */
export function ConsentWithdrawal({ api, verified, onWithdrawn, onRelogin }: ConsentWithdrawalProps) {
  const [state, setState] = useState<State>({ kind: 'closed' });
  const open = state.kind !== 'closed';

  // The explanation opens under the card, below the fold on a phone: bring it into view.
  useEffect(() => {
    if (!open || typeof Taro.pageScrollTo !== 'function') return;
    Taro.pageScrollTo({ selector: '.pfs-verify-withdraw--open', duration: 200 }).catch(() => undefined);
  }, [open]);

  const confirm = async () => {
    setState({ kind: 'sending' });
    try {
      const { withdrawnAt } = await api.withdrawConsent();
      onWithdrawn(withdrawnAt);
    } catch (error) {
      setState({ kind: 'error', error });
    }
  };

  if (state.kind === 'closed') {
    return (
      <View className='pfs-verify-withdraw'>
        <View className='pfs-verify-withdraw__link' role='button' onClick={() => setState({ kind: 'confirming' })}>
          撤回授权
        </View>
      </View>
    );
  }
  const relogin = state.kind === 'error' && state.error instanceof ApiError && RELOGIN_CODES.has(state.error.code);
  return (
    <View className='pfs-card pfs-verify-withdraw pfs-verify-withdraw--open' role='dialog' aria-label='撤回个人信息处理授权'>
      <Text className='pfs-verify-withdraw__title'>撤回个人信息处理授权？</Text>
      <Text className='pfs-verify-withdraw__text'>{WITHDRAW_CONSEQUENCES_ZH.common}</Text>
      <Text className='pfs-verify-withdraw__text'>{verified ? WITHDRAW_CONSEQUENCES_ZH.verified : WITHDRAW_CONSEQUENCES_ZH.pending}</Text>
      {state.kind === 'error' ? (
        <View className='pfs-verify-error' role='alert'>
          {verifyErrorMessage(state.error)}
        </View>
      ) : null}
      <View className='pfs-verify-withdraw__actions'>
        <PfsButton variant='secondary' disabled={state.kind === 'sending'} onClick={() => setState({ kind: 'closed' })}>
          暂不撤回
        </PfsButton>
        {relogin ? (
          <PfsButton onClick={onRelogin}>重新打开</PfsButton>
        ) : (
          <PfsButton variant='danger' loading={state.kind === 'sending'} onClick={() => void confirm()}>
            {state.kind === 'sending' ? '正在撤回…' : '确认撤回'}
          </PfsButton>
        )}
      </View>
    </View>
  );
}
