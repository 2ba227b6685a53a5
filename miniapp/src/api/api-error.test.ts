import { ERROR_MESSAGES_ZH } from '@pfs/shared';
import { ApiError, toApiError } from './api-error';

const body = (code: string, message = 'Something failed', details?: unknown) => ({
  error: { code, message, requestId: 'req-42', ...(details === undefined ? {} : { details }) },
});

describe('toApiError', () => {
  it('shows the shared Chinese message for a known code, not the server text', () => {
    const error = toApiError(403, body('OUT_OF_SCOPE', 'customer belongs to another unit'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('OUT_OF_SCOPE');
    expect(error.status).toBe(403);
    expect(error.requestId).toBe('req-42');
    expect(error.userMessage).toBe(ERROR_MESSAGES_ZH.OUT_OF_SCOPE);
  });

  it('uses a Chinese server message for an unknown code, and a generic one for an English message', () => {
    expect(toApiError(409, body('TASK_ALREADY_DONE', '该任务已完成')).userMessage).toBe('该任务已完成');
    expect(toApiError(409, body('TASK_ALREADY_DONE', 'already done')).userMessage).toBe('系统繁忙，请稍后再试');
  });

  it('reads field issues from a bare list or from {issues}', () => {
    const bare = toApiError(400, body('VALIDATION_FAILED', 'invalid', [{ path: 'phone', message: '手机号格式不正确' }]));
    expect(bare.fieldErrors).toEqual([{ path: 'phone', message: '手机号格式不正确' }]);
    expect(bare.fieldError('phone')).toBe('手机号格式不正确');
    expect(bare.userMessage).toBe(`${ERROR_MESSAGES_ZH.VALIDATION_FAILED}：手机号格式不正确`);

    const wrapped = toApiError(400, body('VALIDATION_FAILED', 'invalid', { issues: [{ path: 'name', message: 'Required' }] }));
    expect(wrapped.fieldErrors).toEqual([{ path: 'name', message: 'Required' }]);
    // English field messages are not shown; the field path is.
    expect(wrapped.userMessage).toBe(`${ERROR_MESSAGES_ZH.VALIDATION_FAILED}：name`);
  });

  it('maps a body that is not the error shape by status', () => {
    expect(toApiError(502, '<html>Bad gateway</html>').code).toBe('INTERNAL');
    expect(toApiError(502, null).userMessage).toBe(ERROR_MESSAGES_ZH.INTERNAL);
    expect(toApiError(404, { message: 'nope' }).code).toBe('BAD_RESPONSE');
  });
});
