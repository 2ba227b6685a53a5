import type { VerificationBody } from '@pfs/shared';
import { Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { PfsButton } from '../components/PfsButton';
import { useCountdown } from './use-countdown';
import type { VerifyApi } from './verify-api';
import { verifyBrowser } from './verify-browser';
import {
  clearDraft,
  FORM_FATAL_CODES,
  idNumberError,
  loadDraft,
  nameError,
  normalizeForm,
  phoneError,
  saveDraft,
  validateForm,
  verifyErrorMessage,
  type FieldErrors,
} from './verify-form';

export const SMS_COOLDOWN_SECONDS = 60;

interface FieldProps {
  label: string;
  name: keyof VerificationBody;
  value: string;
  placeholder: string;
  error?: string;
  type?: 'text' | 'number' | 'idcard';
  /** H5: the keyboard to show for a text input (`tel`, `numeric`), without the number input's refusals. */
  inputMode?: 'tel' | 'numeric';
  autoComplete?: string;
  maxlength?: number;
  onInput: (value: string) => void;
  onBlur?: () => void;
  extra?: React.ReactNode;
}

function Field({ label, name, value, placeholder, error, type = 'text', inputMode, autoComplete, maxlength, onInput, onBlur, extra }: FieldProps) {
  return (
    <View className={`pfs-verify-field${error ? ' pfs-verify-field--error' : ''}`}>
      <Text className='pfs-verify-field__label'>{label}</Text>
      <View className='pfs-verify-field__row'>
        <Input
          className='pfs-verify-field__input'
          name={name}
          type={type}
          value={value}
          maxlength={maxlength}
          placeholder={placeholder}
          nativeProps={inputMode || autoComplete ? { inputMode, autoComplete } : undefined}
          onInput={(e) => onInput(e.detail.value)}
          onBlur={onBlur}
        />
        {extra}
      </View>
      {error ? (
        <View className='pfs-verify-field__error' role='alert'>
          {error}
        </View>
      ) : null}
    </View>
  );
}

export interface VerifyFormProps {
  api: VerifyApi;
  onVerified: (advisorName?: string | null) => void;
  /** The face check (IDV_LEVEL=face): the browser goes to the provider's page at `url` and comes back later. */
  onRedirect: (url: string) => void;
  /** A code that ends the flow or needs a new authorisation (expired link, consent missing, session lapsed). */
  onFatal: (error: ApiError) => void;
}

/**
 * Digits-only fields: in the mini-program the number keyboard; in H5 a text input with a phone keypad, because a
 * number input drops a pasted "138 1234 5678" (its value reads empty) — spaces, dashes and +86 are normalised away.
 */
const DIGITS_TYPE = process.env.TARO_ENV === 'h5' ? 'text' : 'number';

/**
 * Name, ID number (GB 11643 on the page), mobile + SMS code; the filled form stays after any failure, and a reload
 * keeps the name, the number and the resend countdown (see VerifyDraft for what is kept and why).
 */
export function VerifyForm({ api, onVerified, onRedirect, onFatal }: VerifyFormProps) {
  const [draft] = useState(() => loadDraft(verifyBrowser.storage(), Date.now()));
  const [form, setForm] = useState<VerificationBody>({ name: draft?.name ?? '', idNumber: '', phone: draft?.phone ?? '', smsCode: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [sentTo, setSentTo] = useState(draft?.sentTo);
  /** The number the last code went to: the countdown holds back only that number (the gateway limits per number). */
  const [codePhone, setCodePhone] = useState(draft?.codePhone);
  const [smsNote, setSmsNote] = useState<string | undefined>(() =>
    draft?.sentTo && draft.resendAt && draft.resendAt > Date.now() ? `验证码已发送至${draft.sentTo}，请查看短信` : undefined,
  );
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const countdown = useCountdown(draft?.resendAt);

  // Kept for a reload: name, number, countdown — never the ID number or the code (see VerifyDraft).
  const { name, phone } = form;
  const resendAt = countdown.endsAt;
  useEffect(() => {
    if (name || phone || resendAt) saveDraft(verifyBrowser.storage(), { name, phone, resendAt, sentTo, codePhone }, Date.now());
  }, [name, phone, resendAt, sentTo, codePhone]);
  const waitLeft = codePhone === normalizeForm(form).phone ? countdown.left : 0;

  const set = (key: keyof VerificationBody) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const check = (key: keyof VerificationBody, problem: (v: string) => string | undefined) => () => {
    if (form[key]) setErrors((e) => ({ ...e, [key]: problem(form[key]) }));
  };

  const sendCode = async () => {
    const problem = phoneError(form.phone);
    if (problem) {
      setErrors((e) => ({ ...e, phone: problem }));
      return;
    }
    setSending(true);
    setSmsNote(undefined);
    try {
      const number = normalizeForm(form).phone;
      const sent = await api.sendSmsCode(number);
      countdown.start(sent.resendAfterSeconds || SMS_COOLDOWN_SECONDS);
      setCodePhone(number);
      setSentTo(sent.phoneMasked);
      setSmsNote(`验证码已发送至${sent.phoneMasked}，${Math.max(1, Math.round(sent.expiresInSeconds / 60))}分钟内有效`);
      // What was wrong before this code (a used-up or wrong code, a mismatch asking for a new one) is over now.
      setFormError(undefined);
      setErrors((e) => ({ ...e, phone: undefined, smsCode: undefined }));
    } catch (error) {
      if (error instanceof ApiError && FORM_FATAL_CODES.has(error.code)) {
        onFatal(error);
        return;
      }
      setSmsNote(verifyErrorMessage(error));
    } finally {
      setSending(false);
    }
  };

  const submit = async () => {
    const problems = validateForm(form);
    setErrors(problems);
    setFormError(undefined);
    if (Object.keys(problems).length) return;
    setSubmitting(true);
    try {
      const answer = await api.verify(normalizeForm(form));
      if (answer.status === 'REDIRECT') {
        // The code is used up by now; the provider's page checks the face and the BFF applies the verdict.
        setForm((f) => ({ ...f, smsCode: '' }));
        onRedirect(answer.url);
        return;
      }
      clearDraft(verifyBrowser.storage());
      onVerified(answer.advisorName);
    } catch (error) {
      if (error instanceof ApiError && FORM_FATAL_CODES.has(error.code)) {
        onFatal(error);
        return;
      }
      // A wrong code is the code field's problem ("还可尝试2次"); anything else is said above the button. The
      // rest of the form stays as typed: only a code the server has used up (identity mismatch) is cleared.
      if (error instanceof ApiError && error.code === 'SMS_CODE_INVALID') {
        setErrors((e) => ({ ...e, smsCode: verifyErrorMessage(error) }));
        return;
      }
      if (error instanceof ApiError && error.code === 'IDV_MISMATCH') setForm((f) => ({ ...f, smsCode: '' }));
      setFormError(verifyErrorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  const codeLabel = waitLeft > 0 ? `${waitLeft}秒后重发` : sending ? '发送中…' : '获取验证码';
  return (
    <View className='pfs-verify-form'>
      <Field label='姓名' name='name' value={form.name} placeholder='与身份证一致' error={errors.name} maxlength={30} onInput={set('name')} onBlur={check('name', nameError)} />
      <Field
        label='身份证号'
        name='idNumber'
        type='idcard'
        value={form.idNumber}
        placeholder='18位居民身份证号码'
        error={errors.idNumber}
        maxlength={18}
        onInput={set('idNumber')}
        onBlur={check('idNumber', idNumberError)}
      />
      <Field
        label='手机号'
        name='phone'
        type={DIGITS_TYPE}
        inputMode='tel'
        autoComplete='tel'
        value={form.phone}
        placeholder='本人实名登记的手机号'
        error={errors.phone}
        maxlength={20}
        onInput={set('phone')}
        onBlur={check('phone', phoneError)}
      />
      <Field
        label='短信验证码'
        name='smsCode'
        type={DIGITS_TYPE}
        inputMode='numeric'
        autoComplete='one-time-code'
        value={form.smsCode}
        placeholder='6位数字'
        error={errors.smsCode}
        maxlength={6}
        onInput={set('smsCode')}
        extra={
          <PfsButton size='small' variant='secondary' disabled={waitLeft > 0} loading={sending} onClick={() => void sendCode()}>
            {codeLabel}
          </PfsButton>
        }
      />
      {smsNote ? <Text className='pfs-verify-note'>{smsNote}</Text> : null}
      {formError ? (
        <View className='pfs-verify-error' role='alert'>
          {formError}
        </View>
      ) : null}
      <PfsButton block loading={submitting} onClick={() => void submit()}>
        {submitting ? '正在认证…' : '提交认证'}
      </PfsButton>
      <Text className='pfs-verify-note'>您的身份证号与手机号将加密保存，仅用于确认您的身份并为您提供金融服务。</Text>
    </View>
  );
}
