import type { ConsentText } from '@pfs/shared';
import { ScrollView, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { LoadingState } from '../../components/PageState';
import { PfsButton } from '../../components/PfsButton';
import { formatDateTime } from '../../format/date-time';
import { ConsentWithdrawal } from '../ConsentWithdrawal';
import { oauthStartUrl, createVerifyApi } from '../verify-api';
import { verifyBrowser } from '../verify-browser';
import { RELOGIN_CODES, TERMINAL_CODES, verifyErrorMessage, VERIFY_ERRORS_ZH } from '../verify-form';
import { addressWithout, addressWithToken, isWebUrl, ONE_TIME_PARAMS, readVerifyEntry, returnFailure, sessionMemory, type ReturnAction } from '../verify-return';
import { VerifyForm } from '../VerifyForm';
import '../../components/card.css';
import '../../layouts/layout.css';
import '../verify.css';

type Step =
  | { kind: 'loading' }
  | { kind: 'landing'; advisorName: string }
  | { kind: 'consent'; advisorName: string; text: ConsentText; notice?: string }
  | { kind: 'form'; advisorName: string }
  /** On the way to the provider's face-check page (a full-page navigation). */
  | { kind: 'redirecting'; advisorName: string }
  | { kind: 'done'; advisorName: string; canWithdraw: boolean }
  | { kind: 'withdrawn'; advisorName: string; verified: boolean; withdrawnAt: string | null }
  | { kind: 'stopped'; title: string; message: string; action?: ReturnAction };

const DONE_STATUSES = new Set(['VERIFIED']);
const AFTER_CONSENT = new Set(['CONSENTED']);


export const FACE_REDIRECT_ZH = {
  title: '正在前往人脸核验…',
  note: '请按页面提示完成人脸核验，完成后将自动返回本页面。',
  failed: '人脸核验页面暂时无法打开，请稍后重试。',
} as const;

function stoppedFor(error: unknown): Step {
  const code = error instanceof ApiError ? error.code : '';
  if (code === 'INVITATION_EXPIRED') return { kind: 'stopped', title: '邀请已过期', message: VERIFY_ERRORS_ZH.INVITATION_EXPIRED };
  if (code === 'INVITATION_REVOKED') return { kind: 'stopped', title: '邀请已失效', message: VERIFY_ERRORS_ZH.INVITATION_REVOKED };
  if (TERMINAL_CODES.has(code)) return { kind: 'stopped', title: '链接无效', message: VERIFY_ERRORS_ZH.INVITATION_INVALID };
  if (code === 'CONSENT_REQUIRED') return { kind: 'stopped', title: '需要重新授权', message: VERIFY_ERRORS_ZH.CONSENT_REQUIRED, action: 'oauth' };
  if (RELOGIN_CODES.has(code)) return { kind: 'stopped', title: '页面已过期', message: VERIFY_ERRORS_ZH.UNAUTHENTICATED, action: 'oauth' };
  return { kind: 'stopped', title: '暂时无法打开', message: verifyErrorMessage(error), action: 'oauth' };
}

function Frame({ children, step }: { children: React.ReactNode; step?: number }) {
  return (
    <View className='pfs-page pfs-verify'>
      <View className='pfs-verify__hero'>
        <Text className='pfs-verify__brand'>
          <Text className='pfs-brand-mark' />
          主动金融服务
        </Text>
        <Text className='pfs-verify__title'>实名认证</Text>
        {step ? (
          <View className='pfs-verify__steps'>
            {['授权同意', '填写信息', '完成'].map((label, i) => (
              <Text key={label} className={`pfs-verify__step${i + 1 <= step ? ' pfs-verify__step--on' : ''}`}>
                {i + 1}. {label}
              </Text>
            ))}
          </View>
        ) : null}
      </View>
      <View className='pfs-verify__main'>{children}</View>
    </View>
  );
}

/**
 * The customer's H5 flow from the invitation link (`/#/verify/pages/index?t=<token>`; back from the login with
 * `?s=<h5Session>` or `?error=<code>` and the link this tab remembered):
 * landing → WeChat OAuth (full-page) → consent → form → 认证成功, or with the face check (IDV_LEVEL=face) form →
 * the provider's page (full-page) → back through the BFF with `s` (认证成功) or `error` (a failure with 重新认证).
 * `s` and `error` leave the address bar once read; the session stays for this tab. Needs no advisor login.
 */
export default function VerifyPage() {
  const { params } = useRouter();
  const [memory] = useState(() => sessionMemory(verifyBrowser.storage()));
  const [entry] = useState(() => readVerifyEntry(params, memory.recall, memory.lastLink));
  const { token, session } = entry;
  const api = useMemo(() => createVerifyApi(session), [session]);
  const [returnError, setReturnError] = useState(entry.errorCode);
  /** Bumped to load the invitation again (重新认证, the page shown again by the Back button). */
  const [loads, setLoads] = useState(0);
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const [agreed, setAgreed] = useState(false);
  const [consentError, setConsentError] = useState<string>();
  const [busy, setBusy] = useState(false);

  // Once: keep the session for this tab, take it and any error out of the address bar, and show the link there.
  useEffect(() => {
    if (token && session) memory.remember(token, session);
    const href = verifyBrowser.href();
    const clean = href ? (addressWithout(href, ONE_TIME_PARAMS) ?? href) : null;
    const next = clean && token ? (addressWithToken(clean, token) ?? clean) : clean;
    if (next && next !== href) verifyBrowser.replaceAddress(next);
  }, [memory, token, session]);

  /** WeChat authorisation, a full-page navigation (the BFF answers with a 302 to WeChat's authorize page). */
  const goToOauth = useCallback(
    (link: string) => {
      memory.rememberLink(link);
      verifyBrowser.leaveFor(oauthStartUrl(link));
    },
    [memory],
  );

  useEffect(() => {
    if (!token) {
      setStep({ kind: 'stopped', title: '链接无效', message: VERIFY_ERRORS_ZH.INVITATION_INVALID });
      return;
    }
    if (returnError) {
      setStep({ kind: 'stopped', ...returnFailure(returnError) });
      return;
    }
    let cancelled = false;
    void (async () => {
      try {
        const invitation = await api.invitation(token);
        if (cancelled) return;
        const advisorName = invitation.advisorName;
        // Withdrawing needs the H5 session of this invitation (a reopened link without one offers WeChat login).
        if (DONE_STATUSES.has(invitation.status)) return setStep({ kind: 'done', advisorName, canWithdraw: Boolean(session && !invitation.needsLogin) });
        if (!session || invitation.needsLogin) return setStep({ kind: 'landing', advisorName });
        if (AFTER_CONSENT.has(invitation.status)) return setStep({ kind: 'form', advisorName });
        const text = await api.consent();
        if (!cancelled) setStep({ kind: 'consent', advisorName, text });
      } catch (error) {
        if (!cancelled) setStep(stoppedFor(error));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [api, token, session, returnError, loads]);

  const loadAgain = useCallback(() => {
    setReturnError(undefined);
    setStep({ kind: 'loading' });
    setLoads((n) => n + 1);
  }, []);

  // Back from the provider's page to a page kept in the back-forward cache: load again instead of waiting forever.
  const redirecting = step.kind === 'redirecting';
  useEffect(() => (redirecting ? verifyBrowser.onRestored(loadAgain) : undefined), [redirecting, loadAgain]);

  const toFaceCheck = (advisorName: string) => (url: string) => {
    setStep({ kind: 'redirecting', advisorName });
    if (!isWebUrl(url) || !verifyBrowser.leaveFor(url)) setStep({ kind: 'stopped', title: '暂时无法打开', message: FACE_REDIRECT_ZH.failed, action: 'retry' });
  };

  /** Consent is missing (withdrawn earlier, or a new text version): read and agree again instead of a dead end. */
  const askConsentAgain = async (advisorName: string, notice: string) => {
    try {
      const text = await api.consent();
      setAgreed(false);
      setStep({ kind: 'consent', advisorName, text, notice });
    } catch (error) {
      setStep(stoppedFor(error));
    }
  };

  const onFormFatal = (advisorName: string) => (error: ApiError) => {
    if (error.code === 'CONSENT_REQUIRED') void askConsentAgain(advisorName, '您的个人信息授权已撤回或已失效，如需继续认证，请重新阅读并同意。');
    else setStep(stoppedFor(error));
  };

  const withdrawal = (advisorName: string, verified: boolean) => (
    <ConsentWithdrawal
      api={api}
      verified={verified}
      onWithdrawn={(withdrawnAt) => setStep({ kind: 'withdrawn', advisorName, verified, withdrawnAt })}
      onRelogin={() => goToOauth(token)}
    />
  );

  const agree = async () => {
    if (step.kind !== 'consent' || !agreed) return;
    setBusy(true);
    setConsentError(undefined);
    try {
      await api.agree(step.text.version);
      setStep({ kind: 'form', advisorName: step.advisorName });
    } catch (error) {
      if (error instanceof ApiError && (TERMINAL_CODES.has(error.code) || RELOGIN_CODES.has(error.code))) setStep(stoppedFor(error));
      else setConsentError(verifyErrorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  switch (step.kind) {
    case 'loading':
      return (
        <Frame>
          <LoadingState label='正在打开邀请…' />
        </Frame>
      );
    case 'stopped':
      return (
        <Frame>
          <View className='pfs-card pfs-verify-result pfs-verify-result--stopped' role='alert'>
            <View className='pfs-verify-result__emblem'>!</View>
            <Text className='pfs-verify-result__title'>{step.title}</Text>
            <Text className='pfs-verify-result__text'>{step.message}</Text>
            {step.action === 'retry' && token ? (
              <PfsButton block onClick={loadAgain}>
                重新认证
              </PfsButton>
            ) : null}
            {step.action === 'oauth' && token ? (
              <PfsButton block variant='secondary' onClick={() => goToOauth(token)}>
                重新打开
              </PfsButton>
            ) : null}
          </View>
        </Frame>
      );
    case 'landing':
      return (
        <Frame>
          <View className='pfs-card pfs-verify-landing'>
            <Text className='pfs-verify-landing__lead'>您的客户经理</Text>
            <Text className='pfs-verify-landing__advisor'>{step.advisorName}</Text>
            <Text className='pfs-verify-landing__text'>
              邀请您完成实名认证。认证后，客户经理可以为您提供与您的资产和风险偏好相符的专属金融服务。
            </Text>
            <PfsButton block onClick={() => goToOauth(token)}>
              开始认证
            </PfsButton>
            <Text className='pfs-verify-note'>将通过微信授权确认您的身份，全程约1分钟。</Text>
          </View>
        </Frame>
      );
    case 'consent':
      return (
        <Frame step={1}>
          <View className='pfs-card pfs-verify-consent'>
            <Text className='pfs-verify-consent__title'>{step.text.title}</Text>
            <Text className='pfs-verify-consent__version'>版本 {step.text.version}</Text>
            {step.notice ? (
              <View className='pfs-verify-error' role='note'>
                {step.notice}
              </View>
            ) : null}
            <ScrollView scrollY className='pfs-verify-consent__body'>
              <Text className='pfs-verify-consent__text'>{step.text.body}</Text>
            </ScrollView>
            <View
              className={`pfs-verify-check${agreed ? ' pfs-verify-check--on' : ''}`}
              role='checkbox'
              aria-checked={agreed}
              onClick={() => setAgreed((a) => !a)}
            >
              <View className='pfs-verify-check__box'>{agreed ? '✓' : ''}</View>
              <Text className='pfs-verify-check__label'>我已阅读并单独同意上述个人信息处理规则，同意提供身份证号、手机号等敏感个人信息用于实名认证</Text>
            </View>
            {consentError ? (
              <View className='pfs-verify-error' role='alert'>
                {consentError}
              </View>
            ) : null}
            <PfsButton block disabled={!agreed} loading={busy} onClick={() => void agree()}>
              同意并继续
            </PfsButton>
          </View>
        </Frame>
      );
    case 'form':
      return (
        <Frame step={2}>
          <View className='pfs-card'>
            <Text className='pfs-verify-lead'>请填写本人信息，客户经理：{step.advisorName}</Text>
            <VerifyForm
              api={api}
              onVerified={(name) => setStep({ kind: 'done', advisorName: name || step.advisorName, canWithdraw: true })}
              onRedirect={toFaceCheck(step.advisorName)}
              onFatal={onFormFatal(step.advisorName)}
            />
          </View>
          {withdrawal(step.advisorName, false)}
        </Frame>
      );
    case 'redirecting':
      return (
        <Frame step={2}>
          <View className='pfs-card pfs-verify-redirect' role='status'>
            <LoadingState label={FACE_REDIRECT_ZH.title} />
            <Text className='pfs-verify-note'>{FACE_REDIRECT_ZH.note}</Text>
          </View>
        </Frame>
      );
    case 'done':
      return (
        <Frame step={3}>
          <View className='pfs-card pfs-verify-result pfs-verify-result--done'>
            <View className='pfs-verify-result__emblem'>✓</View>
            <Text className='pfs-verify-result__title'>认证成功</Text>
            <Text className='pfs-verify-result__text'>您已完成实名认证，客户经理{step.advisorName}将为您提供专属服务。现在可以关闭本页面。</Text>
          </View>
          {step.canWithdraw ? withdrawal(step.advisorName, true) : null}
        </Frame>
      );
    case 'withdrawn':
      return (
        <Frame>
          <View className='pfs-card pfs-verify-result pfs-verify-result--withdrawn' role='status'>
            <View className='pfs-verify-result__emblem'>✓</View>
            <Text className='pfs-verify-result__title'>{step.withdrawnAt ? '已撤回授权' : '授权此前已撤回'}</Text>
            <Text className='pfs-verify-result__text'>
              {step.withdrawnAt
                ? `我行已于 ${formatDateTime(step.withdrawnAt)} 记录您撤回个人敏感信息处理授权，将不再基于该授权处理您的个人信息。`
                : '您此前已撤回个人敏感信息处理授权，无需重复操作。'}
            </Text>
            {step.verified ? (
              <Text className='pfs-verify-note'>如有疑问，请联系您的客户经理{step.advisorName}。</Text>
            ) : (
              <>
                <Text className='pfs-verify-note'>实名认证已停止。如需继续认证，可重新阅读并同意授权。</Text>
                <PfsButton block variant='secondary' onClick={() => void askConsentAgain(step.advisorName, '请重新阅读并同意授权后继续认证。')}>
                  重新授权
                </PfsButton>
              </>
            )}
          </View>
        </Frame>
      );
  }
}
