import type { SeedInput } from './core/seed';

/** A small bank branch for the standalone simulator (tests seed their own worlds). */
export const DEMO_SEED: SeedInput = {
  departments: [
    { id: 1, name: '模拟银行' },
    { id: 2, name: '财富管理部', parentId: 1 },
    { id: 3, name: '财富一组', parentId: 2 },
  ],
  users: [
    { userid: 'advisor01', name: '张三', department: [3], position: '理财经理' },
    { userid: 'advisor02', name: '李四', department: [3], position: '理财经理' },
    { userid: 'manager01', name: '王五', department: [2], position: '团队长', isLeaderInDept: [1] },
  ],
  tagGroups: [
    { name: '风险等级', order: 100, tags: [{ name: 'R1 谨慎型' }, { name: 'R2 稳健型' }, { name: 'R3 平衡型' }, { name: 'R4 成长型' }, { name: 'R5 进取型' }] },
    { name: '客户来源', order: 50, tags: [{ name: '网点' }, { name: '活动' }, { name: '转介绍' }] },
  ],
  customers: [
    { name: '陈女士', gender: 2, follows: [{ userid: 'advisor01', remark: '陈姐', tags: ['R2 稳健型', '网点'], state: 'advisor01' }] },
    { name: '刘先生', gender: 1, follows: [{ userid: 'advisor01', tags: ['R4 成长型'] }] },
    { name: '赵先生', gender: 1, follows: [{ userid: 'advisor02', tags: ['R3 平衡型', '活动'] }] },
  ],
  oaUsers: [{ nickname: '陈女士', subscribed: true }],
};
