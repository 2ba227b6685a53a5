import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'success'; data: T }
  | { status: 'error'; error: unknown };

/**
 * Runs `load` when `deps` change and on `reload()`; answers from an older run are dropped, so a slow first
 * request cannot overwrite a newer one. Feature pages build their list/detail loading on this.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [nonce, setNonce] = useState(0);
  const run = useRef(0);

  useEffect(() => {
    const id = ++run.current;
    setState({ status: 'loading' });
    load().then(
      (data) => id === run.current && setState({ status: 'success', data }),
      (error: unknown) => id === run.current && setState({ status: 'error', error }),
    );
    // `load` is recreated every render; `deps` (plus the reload counter) says when it really changed.
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
