import type { Staff } from '@pfs/shared';
import { View } from '@tarojs/components';
import { Card } from './Card';
import { EmptyState } from './PageState';
import { StaffSummary } from './StaffSummary';

export interface ComingSoonProps {
  feature: string;
  description: string;
  staff: Staff;
  emblem: string;
}

/** The empty state of a tab whose tool has not landed yet: what will be here, and who is signed in. */
export function ComingSoon({ feature, description, staff, emblem }: ComingSoonProps) {
  return (
    <View className='pfs-coming-soon'>
      <Card className='pfs-coming-soon__staff'>
        <StaffSummary staff={staff} />
      </Card>
      <EmptyState emblem={emblem} title={`${feature}即将上线`} description={description} />
    </View>
  );
}
