import type { Staff } from '@pfs/shared';
import type { ShellApi } from '../api/endpoints';
import type { SessionHooks } from '../api/http-client';
import { AppError } from '../errors/app-error';
import type { PlatformBridge } from '../platform/types';
import type { TokenStore } from './token-store';

export type SessionState =
  | { status: 'loading' }
  | { status: 'ready'; staff: Staff; expiresAt: string }
  | { status: 'error'; error: unknown }
  | { status: 'logged_out' };

export interface SessionControllerDeps {
  bridge: Pick<PlatformBridge, 'login'>;
  api: Pick<ShellApi, 'loginWithCode' | 'me' | 'logout'>;
  tokens: TokenStore;
  now?: () => number;
}

/**
 * Owns the session outside React, so the HTTP client (token, renewal, re-login) and the pages share one truth.
 * Re-login is single-flight: several requests failing with 401 at once cause one bridge login, not several.
 */
export class SessionController implements SessionHooks {
  private state: SessionState = { status: 'loading' };
  private readonly listeners = new Set<(state: SessionState) => void>();
  private pendingLogin: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: SessionControllerDeps) {
    this.now = deps.now ?? Date.now;
  }

  getState(): SessionState {
    return this.state;
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getToken(): string | undefined {
    return this.deps.tokens.load()?.token;
  }

  onExpiresAt(expiresAt: string): void {
    const stored = this.deps.tokens.load();
    if (!stored) return;
    this.deps.tokens.save({ ...stored, expiresAt });
    if (this.state.status === 'ready') this.setState({ ...this.state, expiresAt });
  }

  /**
   * Launch: reuse a stored, unexpired token (GET /api/me validates it, and re-logs in on 401 by itself);
   * otherwise log in through the bridge straight away.
   */
  async start(): Promise<void> {
    this.setState({ status: 'loading' });
    try {
      const stored = this.deps.tokens.load();
      if (!stored || Date.parse(stored.expiresAt) <= this.now()) {
        await this.relogin();
        return;
      }
      const me = await this.deps.api.me();
      this.setState({ status: 'ready', staff: me.staff, expiresAt: me.expiresAt });
    } catch (error) {
      this.setState({ status: 'error', error });
    }
  }

  relogin(): Promise<void> {
    this.pendingLogin ??= this.loginOnce().finally(() => {
      this.pendingLogin = undefined;
    });
    return this.pendingLogin;
  }

  /** Logs in as someone else (demo staff switch): drops the old token first so no call goes out with it. */
  async switchUser(): Promise<void> {
    this.deps.tokens.clear();
    this.setState({ status: 'loading' });
    try {
      await this.relogin();
    } catch (error) {
      this.setState({ status: 'error', error });
    }
  }

  async logout(): Promise<void> {
    try {
      await this.deps.api.logout();
    } catch (error) {
      // The local session ends regardless; a server that cannot be reached expires it on its own.
      if (!(error instanceof AppError)) throw error;
    } finally {
      this.deps.tokens.clear();
      this.setState({ status: 'logged_out' });
    }
  }

  private async loginOnce(): Promise<void> {
    const code = await this.deps.bridge.login();
    const session = await this.deps.api.loginWithCode(code);
    this.deps.tokens.save({ token: session.token, expiresAt: session.expiresAt });
    this.setState({ status: 'ready', staff: session.staff, expiresAt: session.expiresAt });
  }

  private setState(next: SessionState): void {
    this.state = next;
    this.listeners.forEach((listener) => listener(next));
  }
}
