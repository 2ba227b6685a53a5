import Taro from '@tarojs/taro';
import { isSidebarEntry, type Entry } from '../platform/types';
import type { Role } from '@pfs/shared';
import { ROUTES } from './routes';
import { homeRoute } from './tabs';

/**
 * Tabs are ordinary pages with an in-page tab bar (a native tabBar could not hide 报表 by role in both runtimes),
 * so switching tabs replaces the page instead of stacking it.
 */
export function openTab(route: string): void {
  void Taro.redirectTo({ url: route });
}

/**
 * Start over at the page that fits the entry: chat toolbar / contact profile → sidebar, otherwise the role's first tab.
 * Without the roles (the demo panel after a staff switch) the launch page decides, once it knows who is signed in.
 */
export function relaunchForEntry(entry: Entry, roles?: readonly Role[]): void {
  void Taro.reLaunch({ url: isSidebarEntry(entry) ? ROUTES.sidebar : roles ? homeRoute(roles) : ROUTES.launch });
}

export function relaunchHome(): void {
  void Taro.reLaunch({ url: ROUTES.launch });
}
