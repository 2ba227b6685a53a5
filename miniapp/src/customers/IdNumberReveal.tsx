import { caseRefSchema, ID_NUMBER_REVEAL_ROLES, ID_NUMBER_REVEAL_SECONDS, revealIdNumberBodySchema, type Role } from '@pfs/shared';
import { Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { ButlerApi } from '../api/butler-api';
import { PfsButton } from '../components/PfsButton';
import { toUserMessage } from '../errors/app-error';
import './id-number-reveal.css';

export const REASON_MESSAGE_ZH = '请填写查看原因（2–200字）';
export const AUDIT_NOTICE_ZH = '本次查看将记录审计（查看人、时间与原因）';
export const CASE_REF_MESSAGE_ZH = '请填写案件编号（3–40位字母、数字或“-”，如 HG-2026-0153）';

export function canRevealIdNumber(roles: readonly Role[]): boolean {
  return ID_NUMBER_REVEAL_ROLES.some((role) => roles.includes(role));
}

/** Compliance reveals only for a case (the BFF refuses it without one); a unit manager's own customers need none. */
export function needsCaseRef(roles: readonly Role[]): boolean {
  return roles.includes('COMPLIANCE') && !roles.includes('UNIT_MANAGER');
}

type State =
  | { kind: 'masked' }
  | { kind: 'asking'; reason: string; caseRef: string; problem?: string; error?: unknown; sending?: boolean }
  | { kind: 'shown'; idNumber: string; left: number };

export interface IdNumberRevealProps {
  api: Pick<ButlerApi, 'revealIdNumber'>;
  customerId: string;
  idNumberMasked: string;
  /** Seconds the full number stays on screen. */
  seconds?: number;
  /** Ask for a case reference too (compliance: see needsCaseRef). */
  caseRequired?: boolean;
}

/**
 * 证件号 for UNIT_MANAGER (customer page) and COMPLIANCE (audit log, with a case reference): the masked number, and
 * 查看完整证件号, which asks for a reason (audited on the server), shows the full number for 30 seconds, then masks it
 * again and forgets it.
 */
export function IdNumberReveal({ api, customerId, idNumberMasked, seconds = ID_NUMBER_REVEAL_SECONDS, caseRequired = false }: IdNumberRevealProps) {
  const [state, setState] = useState<State>({ kind: 'masked' });
  const shown = state.kind === 'shown';

  // One tick a second while the number shows; at zero the number is dropped from the state.
  useEffect(() => {
    if (!shown) return undefined;
    const timer = setInterval(() => {
      setState((s) => (s.kind !== 'shown' ? s : s.left <= 1 ? { kind: 'masked' } : { ...s, left: s.left - 1 }));
    }, 1_000);
    return () => clearInterval(timer);
  }, [shown]);

  const submit = async () => {
    if (state.kind !== 'asking' || state.sending) return;
    const caseRef = state.caseRef.trim();
    if (caseRequired && !caseRefSchema.safeParse(caseRef).success) {
      setState({ ...state, problem: CASE_REF_MESSAGE_ZH, error: undefined });
      return;
    }
    const body = revealIdNumberBodySchema.safeParse({ reason: state.reason, ...(caseRequired ? { caseRef } : {}) });
    if (!body.success) {
      setState({ ...state, problem: REASON_MESSAGE_ZH, error: undefined });
      return;
    }
    setState({ ...state, problem: undefined, error: undefined, sending: true });
    try {
      const { idNumber } = await api.revealIdNumber(customerId, body.data);
      setState({ kind: 'shown', idNumber, left: seconds });
    } catch (error) {
      setState((s) => (s.kind === 'asking' ? { ...s, sending: false, error } : s));
    }
  };

  return (
    <View className='pfs-id-reveal'>
      <View className='pfs-id-reveal__row'>
        <Text className='pfs-id-reveal__label'>身份证号</Text>
        <Text className={`pfs-id-reveal__value${shown ? ' pfs-id-reveal__value--full' : ''}`} aria-live='polite'>
          {shown ? state.idNumber : idNumberMasked}
        </Text>
      </View>
      {state.kind === 'masked' ? (
        <PfsButton size='small' variant='secondary' onClick={() => setState({ kind: 'asking', reason: '', caseRef: '' })}>
          查看完整证件号
        </PfsButton>
      ) : null}
      {state.kind === 'shown' ? (
        <View className='pfs-id-reveal__shown'>
          <Text className='pfs-id-reveal__timer'>{state.left}秒后自动隐藏 · 本次查看已记录审计</Text>
          <PfsButton size='small' variant='secondary' onClick={() => setState({ kind: 'masked' })}>
            立即隐藏
          </PfsButton>
        </View>
      ) : null}
      {state.kind === 'asking' ? (
        <View className='pfs-id-reveal__ask' role='dialog' aria-label='查看完整证件号'>
          <View className='pfs-id-reveal__notice' role='note'>
            {AUDIT_NOTICE_ZH}，完整号码仅显示{seconds}秒，请勿截屏或外传。
          </View>
          {caseRequired ? (
            <Input
              className={`pfs-id-reveal__input${state.problem === CASE_REF_MESSAGE_ZH ? ' pfs-id-reveal__input--error' : ''}`}
              name='revealCaseRef'
              value={state.caseRef}
              maxlength={40}
              placeholder='案件编号（必填，如 HG-2026-0153）'
              onInput={(e) => setState({ ...state, caseRef: e.detail.value, problem: undefined })}
            />
          ) : null}
          <Input
            className={`pfs-id-reveal__input${state.problem === REASON_MESSAGE_ZH ? ' pfs-id-reveal__input--error' : ''}`}
            name='revealReason'
            value={state.reason}
            maxlength={200}
            placeholder='请填写查看原因（必填）'
            onInput={(e) => setState({ ...state, reason: e.detail.value, problem: undefined })}
            onConfirm={() => void submit()}
          />
          {state.problem || state.error ? (
            <View className='pfs-id-reveal__error' role='alert'>
              {state.problem ?? toUserMessage(state.error)}
            </View>
          ) : null}
          <View className='pfs-id-reveal__actions'>
            <PfsButton size='small' variant='secondary' disabled={state.sending} onClick={() => setState({ kind: 'masked' })}>
              取消
            </PfsButton>
            <PfsButton size='small' loading={state.sending} onClick={() => void submit()}>
              {state.sending ? '正在查询…' : '确认查看'}
            </PfsButton>
          </View>
        </View>
      ) : null}
    </View>
  );
}
