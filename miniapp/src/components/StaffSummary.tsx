import { ROLE_LABELS_ZH, UNIT_LEVEL_LABELS_ZH, type Staff } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import './staff-summary.css';

/** Chinese names read best as a two-character avatar (the given name), e.g. 王晓明 → 晓明. */
export function avatarText(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length <= 2 ? chars.join('') : chars.slice(-2).join('');
}

export function roleLabels(staff: Pick<Staff, 'roles'>): string[] {
  return staff.roles.map((role) => ROLE_LABELS_ZH[role]);
}

/** "朝阳支行", or "北京东区 · 网点" when the name does not already say the level. */
export function unitLine(staff: Pick<Staff, 'unit'>): string {
  const level = UNIT_LEVEL_LABELS_ZH[staff.unit.level];
  return staff.unit.name.endsWith(level) ? staff.unit.name : `${staff.unit.name} · ${level}`;
}

export function StaffSummary({ staff, size = 'normal' }: { staff: Staff; size?: 'normal' | 'large' }) {
  return (
    <View className={`pfs-staff${size === 'large' ? ' pfs-staff--large' : ''}`}>
      <View className='pfs-staff__avatar'>{avatarText(staff.name)}</View>
      <View className='pfs-staff__text'>
        <Text className='pfs-staff__name'>{staff.name}</Text>
        <Text className='pfs-staff__unit'>{unitLine(staff)}</Text>
        <View className='pfs-staff__roles'>
          {roleLabels(staff).map((label) => (
            <Text key={label} className='pfs-tag'>
              {label}
            </Text>
          ))}
        </View>
      </View>
    </View>
  );
}
