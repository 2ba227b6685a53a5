import { ComingSoon } from '../components/ComingSoon';
import { TabLayout } from '../layouts/TabLayout';
import type { TabKey } from '../navigation/tabs';
import { TAB_FEATURES } from './tab-features';

/** A tab whose tool has not landed: session states from the layout, then the "coming soon" empty state. */
export function FeatureTabPage({ tab }: { tab: Exclude<TabKey, 'me'> }) {
  const info = TAB_FEATURES[tab];
  return <TabLayout tab={tab}>{(staff) => <ComingSoon staff={staff} {...info} />}</TabLayout>;
}
