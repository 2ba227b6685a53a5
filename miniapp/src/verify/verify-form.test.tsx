import { act, fireEvent, render, screen } from '@testing-library/react';
import { ApiError, toApiError } from '../api/api-error';
import type { VerifyApi } from './verify-api';
import { idNumberError, validateForm } from './verify-form';
import { VerifyForm } from './VerifyForm';

// 11010519491231002X is the GB 11643 sample number; changing the check character breaks it.
const GOOD_ID = '11010519491231002X';
const BAD_ID = '110105194912310021';

function fakeApi(overrides: Partial<VerifyApi> = {}): VerifyApi {
  return {
    invitation: jest.fn(),
    consent: jest.fn(),
    agree: jest.fn(),
    withdrawConsent: jest.fn(),
    sendSmsCode: jest.fn(async () => ({ phoneMasked: '138****5678', expiresInSeconds: 300, resendAfterSeconds: 60 })),
    verify: jest.fn(async () => ({ status: 'VERIFIED' as const, advisorName: '王芳', crmMatched: true })),
    ...overrides,
  };
}

const input = (name: string) => document.querySelector(`input[name="${name}"]`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });

function fill(id = GOOD_ID) {
  type('name', '张三');
  type('idNumber', id);
  type('phone', '13812345678');
  type('smsCode', '123456');
}

describe('verification form', () => {
  it('checks the ID number with GB 11643 on the page', () => {
    expect(idNumberError(GOOD_ID)).toBeUndefined();
    expect(idNumberError(GOOD_ID.toLowerCase())).toBeUndefined();
    expect(idNumberError(BAD_ID)).toMatch(/校验|不正确|有误/);
    expect(idNumberError('1234')).toBeTruthy();
    expect(Object.keys(validateForm({ name: '', idNumber: BAD_ID, phone: '123', smsCode: '12' })).sort()).toEqual(['idNumber', 'name', 'phone', 'smsCode']);
  });

  it('refuses a bad ID number without calling the server, then submits the corrected form', async () => {
    const api = fakeApi();
    const onVerified = jest.fn();
    render(<VerifyForm api={api} onVerified={onVerified} onRedirect={jest.fn()} onFatal={jest.fn()} />);
    fill(BAD_ID);
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(api.verify).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe(idNumberError(BAD_ID));

    type('idNumber', GOOD_ID.toLowerCase());
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(api.verify).toHaveBeenCalledWith({ name: '张三', idNumber: GOOD_ID, phone: '13812345678', smsCode: '123456' });
    expect(onVerified).toHaveBeenCalledWith('王芳');
  });

  it('keeps the form filled when the provider is unavailable', async () => {
    const api = fakeApi({ verify: jest.fn(async () => Promise.reject(new ApiError('PROVIDER_UNAVAILABLE', 'x', 503))) });
    render(<VerifyForm api={api} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
    fill();
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(screen.getByRole('alert').textContent).toBe('服务繁忙，请稍后重试，已填写的信息不会丢失');
    expect(input('idNumber').value).toBe(GOOD_ID);
    expect(input('name').value).toBe('张三');
  });

  it('sends the SMS code once, then counts down 60 s', async () => {
    jest.useFakeTimers();
    try {
      const api = fakeApi();
      render(<VerifyForm api={api} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
      await act(async () => fireEvent.click(screen.getByText('获取验证码')));
      expect(api.sendSmsCode).not.toHaveBeenCalled();
      expect(screen.getByRole('alert').textContent).toBe('请输入正确的11位手机号码');
      type('phone', '138 1234 5678');
      await act(async () => fireEvent.click(screen.getByText('获取验证码')));
      expect(api.sendSmsCode).toHaveBeenCalledWith('13812345678');
      expect(screen.getByText('60秒后重发')).toBeTruthy();
      await act(async () => {
        jest.advanceTimersByTime(1_000);
      });
      expect(screen.getByText('59秒后重发')).toBeTruthy();
    } finally {
      jest.useRealTimers();
    }
  });

  it('says how many tries are left for a wrong code, and the server’s words when there were too many', async () => {
    const verify = jest
      .fn()
      .mockRejectedValueOnce(toApiError(400, { error: { code: 'SMS_CODE_INVALID', message: '短信验证码错误，还可尝试4次', requestId: 'r1' } }))
      .mockRejectedValueOnce(toApiError(429, { error: { code: 'TOO_MANY_ATTEMPTS', message: '验证码错误次数过多，请重新获取验证码', requestId: 'r2' } }));
    render(<VerifyForm api={fakeApi({ verify })} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
    fill();
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(screen.getByRole('alert').textContent).toBe('短信验证码错误，还可尝试4次');
    expect(document.querySelector('.pfs-verify-field--error input')?.getAttribute('name')).toBe('smsCode');
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(screen.getByRole('alert').textContent).toBe('验证码错误次数过多，请重新获取验证码');
    expect(input('idNumber').value).toBe(GOOD_ID);
  });

  it('names the fields the identity check found not matching, and clears the used-up code only', async () => {
    const verify = jest.fn(async () =>
      Promise.reject(toApiError(422, { error: { code: 'IDV_MISMATCH', message: '身份信息不一致', requestId: 'r3', details: { fields: ['phone'] } } })),
    );
    render(<VerifyForm api={fakeApi({ verify })} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
    fill();
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(screen.getByRole('alert').textContent).toBe('手机号与身份信息不一致，请核对后重新获取验证码再提交');
    expect(input('smsCode').value).toBe('');
    expect(input('name').value).toBe('张三');
    expect(input('phone').value).toBe('13812345678');
  });

  it('face check: a REDIRECT answer hands the provider’s page over instead of 认证成功, the used code cleared', async () => {
    const verify = jest.fn(async () => ({ status: 'REDIRECT' as const, url: 'https://faceid.example/h5?BizToken=b1' }));
    const onVerified = jest.fn();
    const onRedirect = jest.fn();
    render(<VerifyForm api={fakeApi({ verify })} onVerified={onVerified} onRedirect={onRedirect} onFatal={jest.fn()} />);
    fill();
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(onRedirect).toHaveBeenCalledWith('https://faceid.example/h5?BizToken=b1');
    expect(onVerified).not.toHaveBeenCalled();
    expect(input('smsCode').value).toBe('');
  });
});

describe('verification form after a reload', () => {
  const DRAFT_KEY = 'pfs.verify.form';

  it('keeps name and number and goes on counting down; never keeps the ID number or the code', async () => {
    jest.useFakeTimers();
    try {
      const api = fakeApi();
      const first = render(<VerifyForm api={api} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
      fill();
      await act(async () => fireEvent.click(screen.getByText('获取验证码')));
      await act(async () => {
        jest.advanceTimersByTime(20_000);
      });
      expect(screen.getByText('40秒后重发')).toBeTruthy();
      const kept = window.sessionStorage.getItem(DRAFT_KEY) ?? '';
      expect(kept).toContain('张三');
      expect(kept).not.toContain(GOOD_ID);
      expect(Object.keys(JSON.parse(kept)).sort()).toEqual(['codePhone', 'expiresAt', 'name', 'phone', 'resendAt', 'sentTo']);
      first.unmount();

      // The reload: a new form in the same tab.
      render(<VerifyForm api={api} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
      expect(input('name').value).toBe('张三');
      expect(input('phone').value).toBe('13812345678');
      expect(input('idNumber').value).toBe('');
      expect(input('smsCode').value).toBe('');
      expect(screen.getByText('40秒后重发')).toBeTruthy();
      expect(screen.getByText(/验证码已发送至138\*\*\*\*5678/)).toBeTruthy();
      // Another number is not held back by the first one's countdown (the gateway limits each number by itself).
      type('phone', '13900001111');
      expect(screen.getByText('获取验证码')).toBeTruthy();
      type('phone', '13812345678');
      expect(screen.getByText('40秒后重发')).toBeTruthy();
      await act(async () => {
        jest.advanceTimersByTime(40_000);
      });
      expect(screen.getByText('获取验证码')).toBeTruthy();
    } finally {
      jest.useRealTimers();
    }
  });

  it('drops a draft older than its lifetime, and the draft once verified', async () => {
    window.sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ name: '李四', phone: '13900000000', expiresAt: Date.now() - 1 }));
    const first = render(<VerifyForm api={fakeApi()} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
    expect(input('name').value).toBe('');
    expect(window.sessionStorage.getItem(DRAFT_KEY)).toBeNull();
    fill();
    expect(window.sessionStorage.getItem(DRAFT_KEY)).toContain('张三');
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(window.sessionStorage.getItem(DRAFT_KEY)).toBeNull();
    first.unmount();
  });

  it('clears the stale red error once a new code is sent', async () => {
    const verify = jest.fn(async () =>
      Promise.reject(toApiError(422, { error: { code: 'IDV_MISMATCH', message: '身份信息不一致', requestId: 'r4', details: { fields: ['phone'] } } })),
    );
    render(<VerifyForm api={fakeApi({ verify })} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
    fill();
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(screen.getByRole('alert').textContent).toMatch(/手机号与身份信息不一致/);
    await act(async () => fireEvent.click(screen.getByText('获取验证码')));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('takes a pasted number with spaces, dashes or +86', async () => {
    const api = fakeApi();
    render(<VerifyForm api={api} onVerified={jest.fn()} onRedirect={jest.fn()} onFatal={jest.fn()} />);
    type('phone', '+86 138-1234-5678');
    expect(input('phone').value).toBe('+86 138-1234-5678');
    await act(async () => fireEvent.click(screen.getByText('获取验证码')));
    expect(api.sendSmsCode).toHaveBeenCalledWith('13812345678');
  });
});
