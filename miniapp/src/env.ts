/** Build-time settings (inlined by Taro's `env` config; plain process.env under jest). */
export const API_BASE = process.env.PFS_API_BASE ?? '';
export const DEMO_ENABLED = process.env.PFS_DEMO !== '0';
export const WECOM_CORP_ID = process.env.PFS_WECOM_CORP_ID ?? '';
