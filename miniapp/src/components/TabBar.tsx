import type { Role } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import { openTab } from '../navigation/navigate';
import { visibleTabs, type TabKey } from '../navigation/tabs';
import './tab-bar.css';

export interface TabBarProps {
  current: TabKey;
  roles: readonly Role[];
  /** Navigation is injectable so tests can see where a tap goes. */
  onNavigate?: (route: string) => void;
}

/** In-page tab bar, filtered by role (报表 only for UNIT_MANAGER / ADMIN). */
export function TabBar({ current, roles, onNavigate = openTab }: TabBarProps) {
  return (
    <View className='pfs-tabbar' role='tablist'>
      <View className='pfs-tabbar__inner'>
        {visibleTabs(roles).map((tab) => {
          const active = tab.key === current;
          return (
            <View
              key={tab.key}
              role='tab'
              aria-selected={active}
              className={`pfs-tabbar__item${active ? ' pfs-tabbar__item--active' : ''}`}
              onClick={() => {
                if (!active) onNavigate(tab.route);
              }}
            >
              <View className={`pfs-tabbar__icon pfs-tab-icon--${tab.key}`} />
              <Text className='pfs-tabbar__label'>{tab.label}</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
