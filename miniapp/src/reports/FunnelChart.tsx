import { Text, View } from '@tarojs/components';
import type { FunnelCounts } from '@pfs/shared';
import { formatRate, funnelBars } from './funnel';

/** Horizontal bars drawn with plain View widths (weapp and H5 alike, no chart library). */
export function FunnelChart({ title, counts }: { title: string; counts: FunnelCounts }) {
  const bars = funnelBars(counts);
  return (
    <View className='pfs-funnel' aria-label={`${title}实名转化漏斗`}>
      <View className='pfs-funnel__head'>
        <Text className='pfs-funnel__title'>{title}</Text>
        <Text className='pfs-funnel__rate'>实名转化 {formatRate(bars[3]!.ratePct)}</Text>
      </View>
      {bars.map((bar) => (
        <View key={bar.key} className='pfs-funnel__row'>
          <Text className='pfs-funnel__label'>{bar.label}</Text>
          <View className='pfs-funnel__track'>
            <View className={`pfs-funnel__bar pfs-funnel__bar--${bar.key}`} style={{ width: `${bar.widthPct}%` }} />
          </View>
          <Text className='pfs-funnel__count'>
            {bar.count}
            <Text className='pfs-funnel__pct'> {bar.key === 'invited' ? '' : formatRate(bar.ratePct)}</Text>
          </Text>
        </View>
      ))}
    </View>
  );
}
