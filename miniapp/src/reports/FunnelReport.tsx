import { Picker, Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { createButlerApi } from '../api/butler-api';
import { Card } from '../components/Card';
import { EmptyState, ErrorState, LoadingState } from '../components/PageState';
import { useAsync } from '../hooks/use-async';
import { useServices } from '../services/ServicesContext';
import { FunnelChart } from './FunnelChart';
import { chinaToday, formatDay, presetRange, RANGE_PRESETS, type RangePreset } from './funnel';

type GroupBy = 'unit' | 'advisor';
const GROUPS: { key: GroupBy; label: string }[] = [
  { key: 'unit', label: '按机构' },
  { key: 'advisor', label: '按客户经理' },
];

interface Range {
  from: string;
  to: string;
}

/** The custom range: two date pickers that cannot cross (the start never after the end, neither after today). */
function CustomRange({ range, today, onChange }: { range: Range; today: string; onChange: (range: Range) => void }) {
  return (
    <View className='pfs-report__custom'>
      <Picker mode='date' value={range.from} end={range.to} aria-label='开始日期' onChange={(e) => onChange({ ...range, from: e.detail.value })}>
        <View className='pfs-report__date'>{formatDay(range.from)}</View>
      </Picker>
      <Text className='pfs-report__date-sep'>至</Text>
      <Picker mode='date' value={range.to} start={range.from} end={today} aria-label='结束日期' onChange={(e) => onChange({ ...range, to: e.detail.value })}>
        <View className='pfs-report__date'>{formatDay(range.to)}</View>
      </Picker>
    </View>
  );
}

/**
 * 报表: the real-name verification funnel (invited → opened → consented → verified) of the manager's subtree, for a
 * date range: 近30天 (the server's default, by its clock), 近7天, 本月, or chosen days.
 */
export function FunnelReport({ now = () => new Date() }: { now?: () => Date }) {
  const { http } = useServices();
  const api = useMemo(() => createButlerApi(http), [http]);
  const [groupBy, setGroupBy] = useState<GroupBy>('unit');
  const [preset, setPreset] = useState<RangePreset>('30d');
  const today = chinaToday(now());
  const [custom, setCustom] = useState<Range>(() => presetRange('30d', today));
  // 近30天 asks for the server's default range; the others send their days.
  const range: Range | undefined = preset === 'custom' ? custom : preset === '30d' ? undefined : presetRange(preset, today);
  const report = useAsync(() => api.funnel(groupBy, range?.from, range?.to), [api, groupBy, range?.from, range?.to]);
  const choosePreset = (next: RangePreset) => {
    if (next === 'custom' && preset !== 'custom') setCustom(report.status === 'success' ? { from: report.data.from, to: report.data.to } : (range ?? presetRange('30d', today)));
    setPreset(next);
  };

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
        <View className='pfs-report__switch pfs-report__ranges' role='tablist' aria-label='统计时间'>
          {RANGE_PRESETS.map((p) => (
            <View key={p.key} role='tab' aria-selected={preset === p.key} className={`pfs-chip${preset === p.key ? ' pfs-chip--on' : ''}`} onClick={() => choosePreset(p.key)}>
              {p.label}
            </View>
          ))}
        </View>
        {preset === 'custom' ? <CustomRange range={custom} today={today} onChange={setCustom} /> : null}
        {report.status === 'success' ? (
          <Text className='pfs-report__range'>
            统计区间：{formatDay(report.data.from)} 至 {formatDay(report.data.to)}（按邀请发出日期）
          </Text>
        ) : null}
      </Card>
      {report.status === 'loading' ? <LoadingState label='正在汇总…' /> : null}
      {report.status === 'error' ? <ErrorState title='报表加载失败' error={report.error} onRetry={report.reload} /> : null}
      {report.status === 'success' ? (
        <>
          <Card className='pfs-report__totals'>
            <FunnelChart title='合计' counts={report.data.totals} />
            {report.data.totals.invited === 0 ? <Text className='pfs-report__range'>所选期间暂无实名邀请，各机构均为 0。</Text> : null}
          </Card>
          {report.data.rows.length === 0 ? (
            <EmptyState emblem='报' title='暂无可统计的机构' description='您的管辖范围内还没有客户经理。' />
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
