import { makeStaff } from '../../test/fakes';
import { avatarText, roleLabels, unitLine } from './StaffSummary';

describe('staff display helpers', () => {
  it('uses the given name for the avatar', () => {
    expect(avatarText('王晓明')).toBe('晓明');
    expect(avatarText('李静')).toBe('李静');
    expect(avatarText('欧阳晓明')).toBe('晓明');
  });

  it('names the unit level only when the unit name does not already say it', () => {
    expect(unitLine(makeStaff())).toBe('朝阳支行');
    expect(unitLine(makeStaff(['ADVISOR'], { unit: { id: 'u', name: '望京东营业部', level: 'OUTLET', parentId: 'p' } }))).toBe('望京东营业部 · 网点');
  });

  it('labels roles in Chinese', () => {
    expect(roleLabels(makeStaff(['UNIT_MANAGER', 'COMPLIANCE']))).toEqual(['机构负责人', '合规']);
  });
});
