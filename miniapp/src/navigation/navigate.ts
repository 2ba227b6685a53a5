import Taro from '@tarojs/taro';
import { isSidebarEntry, type Entry } from '../platform/types';
import { ROUTES } from './routes';

/**
 * Tabs are ordinary pages with an in-page tab bar (a native tabBar could not hide 报表 by role in both runtimes),
 * so switching tabs replaces the page instead of stacking it.
 */
export function openTab(route: string): void {
  void Taro.redirectTo({ url: route });
}

/** Start over at the page that fits the entry: chat toolbar / contact profile → sidebar, otherwise 工作台. */
export function relaunchForEntry(entry: Entry): void {
  void Taro.reLaunch({ url: isSidebarEntry(entry) ? ROUTES.sidebar : ROUTES.workbench });
}

export function relaunchHome(): void {
  void Taro.reLaunch({ url: ROUTES.launch });
}
