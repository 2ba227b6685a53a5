import { Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { createButlerApi } from '../api/butler-api';
import { Card } from '../components/Card';
import { EmptyState, ErrorState, LoadingState } from '../components/PageState';
import { useAsync } from '../hooks/use-async';
import { useServices } from '../services/ServicesContext';
import { FunnelChart } from './FunnelChart';

type GroupBy = 'unit' | 'advisor';
const GROUPS: { key: GroupBy; label: string }[] = [
  { key: 'unit', label: '按机构' },
  { key: 'advisor', label: '按客户经理' },
];

/** 报表: the real-name verification funnel (invited → opened → consented → verified) of the manager's subtree. */
export function FunnelReport() {
  const { http } = useServices();
  const api = useMemo(() => createButlerApi(http), [http]);
  const [groupBy, setGroupBy] = useState<GroupBy>('unit');
  const report = useAsync(() => api.funnel(groupBy), [api, groupBy]);

  return (
    <View className='pfs-report'>
      <Card className='pfs-report__top'>
        <Text className='pfs-report__heading'>实名认证转化漏斗</Text>
        <Text className='pfs-report__sub'>已邀请 → 已打开 → 已授权 → 已实名，百分比为相对已邀请的转化率</Text>
        <View className='pfs-report__switch' role='tablist'>
          {GROUPS.map((g) => (
            <View
              key={g.key}
              role='tab'
              aria-selected={groupBy === g.key}
              className={`pfs-chip${groupBy === g.key ? ' pfs-chip--on' : ''}`}
              onClick={() => setGroupBy(g.key)}
            >
              {g.label}
            </View>
          ))}
        </View>
      </Card>
      {report.status === 'loading' ? <LoadingState label='正在汇总…' /> : null}
      {report.status === 'error' ? <ErrorState title='报表加载失败' error={report.error} onRetry={report.reload} /> : null}
      {report.status === 'success' ? (
        <>
          <Card className='pfs-report__totals'>
            <FunnelChart title='合计' counts={report.data.totals} />
          </Card>
          {report.data.rows.length === 0 ? (
            <EmptyState emblem='报' title='暂无邀请数据' description='客户经理发送实名邀请后，这里将显示各环节的转化情况。' />
          ) : (
            report.data.rows.map((row) => (
              <Card key={row.key}>
                <FunnelChart title={row.label} counts={row} />
              </Card>
            ))
          )}
        </>
      ) : null}
    </View>
  );
}
