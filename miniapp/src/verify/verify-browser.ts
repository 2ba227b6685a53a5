// The customer's page touches the browser only through this object (H5; absent in the mini-program), so the tests
// can watch the full-page navigations and the address-bar rewrite.

const hasWindow = (): boolean => process.env.TARO_ENV === 'h5' && typeof window !== 'undefined';

export const verifyBrowser = {
  /** A full-page navigation (WeChat OAuth, the provider's face-check page); false when there is no browser. */
  leaveFor(url: string): boolean {
    if (!hasWindow()) return false;
    window.location.assign(url);
    return true;
  },
  href(): string | undefined {
    return hasWindow() ? window.location.href : undefined;
  },
  /** Rewrites the address bar without a navigation (the router keeps its state). */
  replaceAddress(url: string): void {
    if (hasWindow()) window.history.replaceState(window.history.state, '', url);
  },
  storage(): Storage | undefined {
    try {
      return hasWindow() ? window.sessionStorage : undefined;
    } catch {
      return undefined;
    }
  },
  /** Calls `back` when the browser shows this page again from its back-forward cache (the Back button). */
  onRestored(back: () => void): () => void {
    if (!hasWindow()) return () => undefined;
    const listener = (event: PageTransitionEvent) => {
      if (event.persisted) back();
    };
    window.addEventListener('pageshow', listener);
    return () => window.removeEventListener('pageshow', listener);
  },
};
