import type { Role } from '@pfs/shared';

/** The demo branch: 北京分行 → 支行 → 网点, with named accounts that the demo, the README and the tests use. */
export interface DemoUnit {
  id: string;
  name: string;
  level: 'BRANCH' | 'SUB_BRANCH' | 'OUTLET';
  parentId: string | null;
  wecomDepartmentId: number;
}

export interface DemoStaffMember {
  wecomUserId: string;
  name: string;
  unitId: string;
  roles: Role[];
}

export const DEMO_UNITS: DemoUnit[] = [
  { id: 'bj', name: '北京分行', level: 'BRANCH', parentId: null, wecomDepartmentId: 1 },
  { id: 'bj-cy', name: '朝阳支行', level: 'SUB_BRANCH', parentId: 'bj', wecomDepartmentId: 10 },
  { id: 'bj-cy-gm', name: '国贸网点', level: 'OUTLET', parentId: 'bj-cy', wecomDepartmentId: 101 },
  { id: 'bj-cy-wj', name: '望京网点', level: 'OUTLET', parentId: 'bj-cy', wecomDepartmentId: 102 },
  { id: 'bj-hd', name: '海淀支行', level: 'SUB_BRANCH', parentId: 'bj', wecomDepartmentId: 20 },
  { id: 'bj-hd-zgc', name: '中关村网点', level: 'OUTLET', parentId: 'bj-hd', wecomDepartmentId: 201 },
  { id: 'bj-hd-wdk', name: '五道口网点', level: 'OUTLET', parentId: 'bj-hd', wecomDepartmentId: 202 },
  { id: 'bj-dc', name: '东城支行', level: 'SUB_BRANCH', parentId: 'bj', wecomDepartmentId: 30 },
  { id: 'bj-dc-wfj', name: '王府井网点', level: 'OUTLET', parentId: 'bj-dc', wecomDepartmentId: 301 },
  { id: 'bj-dc-dzm', name: '东直门网点', level: 'OUTLET', parentId: 'bj-dc', wecomDepartmentId: 302 },
  { id: 'bj-xc', name: '西城支行', level: 'SUB_BRANCH', parentId: 'bj', wecomDepartmentId: 40 },
  { id: 'bj-xc-jrj', name: '金融街网点', level: 'OUTLET', parentId: 'bj-xc', wecomDepartmentId: 401 },
  { id: 'bj-xc-xd', name: '西单网点', level: 'OUTLET', parentId: 'bj-xc', wecomDepartmentId: 402 },
];

/** Accounts with fixed ids; the generator adds more advisors to every outlet. */
export const DEMO_ACCOUNTS: DemoStaffMember[] = [
  { wecomUserId: 'admin', name: '周立新', unitId: 'bj', roles: ['ADMIN'] },
  { wecomUserId: 'yunying', name: '孙晓雯', unitId: 'bj', roles: ['OPERATIONS'] },
  { wecomUserId: 'hegui', name: '钱正', unitId: 'bj', roles: ['COMPLIANCE'] },
  { wecomUserId: 'chenjing', name: '陈静', unitId: 'bj-cy', roles: ['UNIT_MANAGER'] },
  { wecomUserId: 'liuhai', name: '刘海', unitId: 'bj-hd', roles: ['UNIT_MANAGER'] },
  { wecomUserId: 'zhaomin', name: '赵敏', unitId: 'bj-cy-gm', roles: ['UNIT_MANAGER', 'ADVISOR'] },
  { wecomUserId: 'wangfang', name: '王芳', unitId: 'bj-cy-gm', roles: ['ADVISOR'] },
  { wecomUserId: 'lijun', name: '李军', unitId: 'bj-cy-wj', roles: ['ADVISOR'] },
  { wecomUserId: 'zhangwei', name: '张伟', unitId: 'bj-hd-zgc', roles: ['ADVISOR'] },
];

export function unitPath(unitId: string): string {
  const chain: string[] = [];
  let current: DemoUnit | undefined = DEMO_UNITS.find((u) => u.id === unitId);
  while (current) {
    chain.unshift(current.id);
    const parentId: string | null = current.parentId;
    current = parentId ? DEMO_UNITS.find((u) => u.id === parentId) : undefined;
  }
  return `/${chain.join('/')}/`;
}
