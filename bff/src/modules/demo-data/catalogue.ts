import type { ProductCategory } from '@pfs/shared';

/** The demo product shelf: names and terms a Chinese retail bank would show. Amounts in fen. */
export interface DemoProduct {
  id: string;
  name: string;
  category: ProductCategory;
  riskLevel: number;
  minAmountFen: bigint;
  termDays: number | null;
  expectedYield: string | null;
  issuer: string;
}

const W = 100n; // fen per yuan
export const DEMO_PRODUCTS: DemoProduct[] = [
  { id: 'WM001', name: '稳享添利90天持有期理财', category: 'WEALTH', riskLevel: 2, minAmountFen: 10_000n * W, termDays: 90, expectedYield: '2.45%-2.85%', issuer: '本行理财子公司' },
  { id: 'WM002', name: '日日盈现金管理类理财', category: 'WEALTH', riskLevel: 1, minAmountFen: 1n * W, termDays: null, expectedYield: '七日年化1.78%', issuer: '本行理财子公司' },
  { id: 'WM003', name: '安鑫180天封闭式固收理财', category: 'WEALTH', riskLevel: 2, minAmountFen: 10_000n * W, termDays: 180, expectedYield: '2.70%-3.10%', issuer: '本行理财子公司' },
  { id: 'WM004', name: '睿享一年期固收+理财', category: 'WEALTH', riskLevel: 3, minAmountFen: 10_000n * W, termDays: 365, expectedYield: '3.00%-3.80%', issuer: '本行理财子公司' },
  { id: 'WM005', name: '养老安享三年封闭式理财', category: 'WEALTH', riskLevel: 2, minAmountFen: 1_000n * W, termDays: 1095, expectedYield: '3.20%-4.50%', issuer: '本行理财子公司' },
  { id: 'WM006', name: '私享尊荣权益增强理财', category: 'WEALTH', riskLevel: 4, minAmountFen: 1_000_000n * W, termDays: 365, expectedYield: '业绩比较基准4.0%-6.0%', issuer: '本行理财子公司' },
  { id: 'PM001', name: '积存金 Au9999', category: 'PRECIOUS_METAL', riskLevel: 3, minAmountFen: 1n * W, termDays: null, expectedYield: null, issuer: '上海黄金交易所' },
  { id: 'PM002', name: '熊猫金币（30克）', category: 'PRECIOUS_METAL', riskLevel: 3, minAmountFen: 18_000n * W, termDays: null, expectedYield: null, issuer: '中国金币' },
  { id: 'PM003', name: '如意金条（50克）', category: 'PRECIOUS_METAL', riskLevel: 3, minAmountFen: 30_000n * W, termDays: null, expectedYield: null, issuer: '本行贵金属' },
  { id: 'FD001', name: '沪深300指数增强A', category: 'FUND', riskLevel: 4, minAmountFen: 10n * W, termDays: null, expectedYield: null, issuer: '华夏基金' },
  { id: 'FD002', name: '中证500指数增强C', category: 'FUND', riskLevel: 4, minAmountFen: 10n * W, termDays: null, expectedYield: null, issuer: '易方达基金' },
  { id: 'FD003', name: '稳健双利债券A', category: 'FUND', riskLevel: 2, minAmountFen: 10n * W, termDays: null, expectedYield: null, issuer: '南方基金' },
  { id: 'FD004', name: '科技创新混合', category: 'FUND', riskLevel: 5, minAmountFen: 10n * W, termDays: null, expectedYield: null, issuer: '广发基金' },
  { id: 'FD005', name: '养老目标2045三年持有FOF', category: 'FUND', riskLevel: 3, minAmountFen: 10n * W, termDays: 1095, expectedYield: null, issuer: '嘉实基金' },
  { id: 'FD006', name: '货币市场基金A', category: 'FUND', riskLevel: 1, minAmountFen: 1n * W, termDays: null, expectedYield: '七日年化1.65%', issuer: '天弘基金' },
  { id: 'IN001', name: '金享人生两全保险（分红型）', category: 'INSURANCE', riskLevel: 1, minAmountFen: 10_000n * W, termDays: 3650, expectedYield: null, issuer: '国寿人寿' },
  { id: 'IN002', name: '安康无忧重大疾病保险', category: 'INSURANCE', riskLevel: 1, minAmountFen: 3_000n * W, termDays: 7300, expectedYield: null, issuer: '平安人寿' },
  { id: 'IN003', name: '鑫享年年年金保险', category: 'INSURANCE', riskLevel: 1, minAmountFen: 50_000n * W, termDays: 5475, expectedYield: null, issuer: '太平人寿' },
  { id: 'DP001', name: '三年期大额存单', category: 'DEPOSIT', riskLevel: 1, minAmountFen: 200_000n * W, termDays: 1095, expectedYield: '2.15%', issuer: '本行' },
  { id: 'DP002', name: '一年期整存整取', category: 'DEPOSIT', riskLevel: 1, minAmountFen: 50n * W, termDays: 365, expectedYield: '1.45%', issuer: '本行' },
  { id: 'DP003', name: '智能通知存款', category: 'DEPOSIT', riskLevel: 1, minAmountFen: 50_000n * W, termDays: 7, expectedYield: '1.00%', issuer: '本行' },
  { id: 'DP004', name: '活期储蓄', category: 'DEPOSIT', riskLevel: 1, minAmountFen: 1n * W, termDays: null, expectedYield: '0.10%', issuer: '本行' },
];

export const CRM_TAGS = ['代发工资', '养老规划', '子女教育', '房贷客户', '信用卡活跃', '手机银行活跃', '理财到期', '新客', '高净值潜力', '保险保障缺口'];

export const CORP_TAG_GROUPS: { id: string; name: string; tags: string[] }[] = [
  { id: 'etg-level', name: '客户等级', tags: ['普通客户', '金卡客户', '钻石客户', '私行客户'] },
  { id: 'etg-pref', name: '投资偏好', tags: ['稳健理财', '黄金投资', '基金定投', '保险保障'] },
  { id: 'etg-life', name: '人生阶段', tags: ['新婚家庭', '子女教育', '临近退休', '已退休'] },
];
