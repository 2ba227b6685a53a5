import type { TabKey } from '../navigation/tabs';

/** What each tab will hold once its tool lands; shown in the tab's empty state until then. */
export const TAB_FEATURES: Record<Exclude<TabKey, 'me'>, { feature: string; description: string; emblem: string }> = {
  workbench: {
    feature: '员工工作台',
    description: '每日待办任务、客户产品到期与生日提醒将集中在这里，逐项跟进、随手记录。',
    emblem: '办',
  },
  customers: {
    feature: '客户管家',
    description: '您服务的客户名单、客户画像与服务记录将在这里查看和维护。',
    emblem: '客',
  },
  brochure: {
    feature: '金融产品图册',
    description: '在售理财、基金与保险产品的图册，可一键发送给客户。',
    emblem: '册',
  },
  audit: {
    feature: '审计日志',
    description: '谁在何时查看或修改了哪条记录，可按操作、人员与日期筛选并导出。',
    emblem: '审',
  },
  reports: {
    feature: '管理报表',
    description: '本机构的任务完成率、客户服务覆盖与产品推荐情况将在这里汇总。',
    emblem: '报',
  },
};
