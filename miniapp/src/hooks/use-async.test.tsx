import { act, renderHook } from '@testing-library/react';
import { useAsync } from './use-async';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('useAsync', () => {
  it('goes loading → success, and reload runs it again', async () => {
    let calls = 0;
    const { result } = renderHook(() => useAsync(async () => ++calls, []));
    expect(result.current.status).toBe('loading');
    await act(async () => undefined);
    expect(result.current).toMatchObject({ status: 'success', data: 1 });
    await act(async () => result.current.reload());
    expect(result.current).toMatchObject({ status: 'success', data: 2 });
  });

  it('reports errors', async () => {
    const failure = new Error('x');
    const { result } = renderHook(() => useAsync(async () => Promise.reject(failure), []));
    await act(async () => undefined);
    expect(result.current).toMatchObject({ status: 'error', error: failure });
  });

  it('drops an answer that arrives after a newer request', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const { result, rerender } = renderHook(({ id }) => useAsync(() => (id === 1 ? first.promise : second.promise), [id]), {
      initialProps: { id: 1 },
    });
    rerender({ id: 2 });
    await act(async () => second.resolve('new'));
    await act(async () => first.resolve('old'));
    expect(result.current).toMatchObject({ status: 'success', data: 'new' });
  });
});
