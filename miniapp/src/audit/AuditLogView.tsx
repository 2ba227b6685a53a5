import {
  AUDIT_ACTION_LABELS_ZH,
  AUDIT_ACTOR_TYPE_LABELS_ZH,
  AUDIT_ENTITY_LABELS_ZH,
  type AuditLogEntry,
  type AuditLogPage,
  type Role,
} from '@pfs/shared';
import { Input, Text, View } from '@tarojs/components';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createAuditApi, type AuditLogFilters } from '../api/audit-api';
import { createButlerApi } from '../api/butler-api';
import { Card } from '../components/Card';
import { EmptyState, ErrorState, LoadingState } from '../components/PageState';
import { PfsButton } from '../components/PfsButton';
import { IdNumberReveal, needsCaseRef } from '../customers/IdNumberReveal';
import { toUserMessage } from '../errors/app-error';
import { useServices } from '../services/ServicesContext';
import { saveCsv } from './save-csv';
import './audit.css';

export const PAGE_SIZE = 20;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The actions offered as chips (the rest can still be found by actor or date). */
const ACTION_CHIPS = ['reveal_id_number', 'customer.view', 'customer.tags', 'invitation.issue', 'customer.verify', 'consent.withdraw', 'audit_log.read', 'audit_log.export'];

type PageState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'success'; data: AuditLogPage };
type ExportState = { status: 'idle' } | { status: 'running' } | { status: 'done'; rows: number } | { status: 'error'; error: unknown };

/** 2026-11-24T08:05:00Z → 2026-11-24 16:05 (Beijing time, as a compliance officer reads it). */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function detailText(detail: AuditLogEntry['detail']): string {
  const parts: string[] = [];
  if (typeof detail.caseRef === 'string') parts.push(`案件编号 ${detail.caseRef}`);
  if (typeof detail.reason === 'string') parts.push(`原因：${detail.reason}`);
  if (Array.isArray(detail.added) && detail.added.length) parts.push(`新增标签 ${detail.added.length} 个`);
  if (Array.isArray(detail.removed) && detail.removed.length) parts.push(`移除标签 ${detail.removed.length} 个`);
  if (typeof detail.rows === 'number') parts.push(`${detail.rows} 条记录`);
  return parts.join(' · ');
}

function Row({ entry, reveal }: { entry: AuditLogEntry; reveal?: (customerId: string) => JSX.Element }) {
  const [open, setOpen] = useState(false);
  const actor = entry.actor ? `${entry.actor.name}（${entry.actor.unitName}）` : (AUDIT_ACTOR_TYPE_LABELS_ZH[entry.actorType] ?? entry.actorType);
  const detail = detailText(entry.detail);
  const customerId = entry.entity === 'customer' ? entry.entityId : null;
  return (
    <View className='pfs-audit-row' role='listitem'>
      <View className='pfs-audit-row__line'>
        <Text className='pfs-audit-row__action'>{AUDIT_ACTION_LABELS_ZH[entry.action] ?? entry.action}</Text>
        <Text className='pfs-audit-row__time'>{chinaTime(entry.at)}</Text>
      </View>
      <View className='pfs-audit-row__meta'>
        <Text>{actor}</Text>
        <Text>
          {AUDIT_ENTITY_LABELS_ZH[entry.entity] ?? entry.entity}
          {entry.entityId ? ` ${entry.entityId}` : ''}
        </Text>
        {entry.ipMasked ? <Text>IP {entry.ipMasked}</Text> : null}
      </View>
      {detail ? <Text className='pfs-audit-row__detail'>{detail}</Text> : null}
      {reveal && customerId ? (
        open ? (
          <View className='pfs-audit-row__reveal'>{reveal(customerId)}</View>
        ) : (
          <View className='pfs-audit-row__link' role='button' onClick={() => setOpen(true)}>
            调阅该客户证件号
          </View>
        )
      ) : null}
    </View>
  );
}

/**
 * 审计 (compliance and administrators): filters (操作, 人员, 日期), pages of 20, CSV export of the selection. Every
 * read and export is audited by the BFF. Compliance can reveal a customer's ID number from a row, for a case.
 */
export function AuditLogView({ roles }: { roles: readonly Role[] }) {
  const { http } = useServices();
  const api = useMemo(() => createAuditApi(http), [http]);
  const butler = useMemo(() => createButlerApi(http), [http]);
  const [draft, setDraft] = useState<AuditLogFilters>({});
  const [filters, setFilters] = useState<AuditLogFilters>({});
  const [page, setPage] = useState(1);
  const [problem, setProblem] = useState<string | undefined>();
  const [state, setState] = useState<PageState>({ status: 'loading' });
  const [exported, setExported] = useState<ExportState>({ status: 'idle' });
  const [nonce, setNonce] = useState(0);
  const run = useRef(0);

  useEffect(() => {
    const id = ++run.current;
    setState({ status: 'loading' });
    api.page(filters, page, PAGE_SIZE).then(
      (data) => id === run.current && setState({ status: 'success', data }),
      (error: unknown) => id === run.current && setState({ status: 'error', error }),
    );
  }, [api, filters, page, nonce]);

  const apply = (next: AuditLogFilters) => {
    for (const key of ['from', 'to'] as const) {
      const v = next[key]?.trim();
      if (v && !DAY.test(v)) {
        setProblem('日期格式为 YYYY-MM-DD，例如 2026-11-24');
        return;
      }
    }
    if (next.from && next.to && next.from > next.to) {
      setProblem('开始日期不能晚于结束日期');
      return;
    }
    setProblem(undefined);
    setExported({ status: 'idle' });
    setDraft(next);
    // A new object even for the same filters: 查询 always asks again (new rows may have arrived).
    setFilters({ ...next });
    setPage(1);
  };
  const chooseAction = (action: string | undefined) => apply({ ...draft, action });
  const doExport = async () => {
    setExported({ status: 'running' });
    try {
      const out = await api.exportCsv(filters);
      await saveCsv(out.filename, out.csv);
      setExported({ status: 'done', rows: out.rows });
    } catch (error) {
      setExported({ status: 'error', error });
    }
  };
  const reveal = roles.includes('COMPLIANCE')
    ? (customerId: string) => <IdNumberReveal key={customerId} api={butler} customerId={customerId} idNumberMasked='已脱敏' caseRequired={needsCaseRef(roles)} />
    : undefined;
  const pages = state.status === 'success' ? Math.max(1, Math.ceil(state.data.total / PAGE_SIZE)) : 1;

  return (
    <View className='pfs-audit'>
      <Card className='pfs-audit__filters'>
        <View className='pfs-customers__chips' role='group' aria-label='操作'>
          <View role='radio' aria-checked={!draft.action} className={`pfs-chip${!draft.action ? ' pfs-chip--on' : ''}`} onClick={() => chooseAction(undefined)}>
            全部操作
          </View>
          {ACTION_CHIPS.map((a) => (
            <View key={a} role='radio' aria-checked={draft.action === a} className={`pfs-chip${draft.action === a ? ' pfs-chip--on' : ''}`} onClick={() => chooseAction(a)}>
              {AUDIT_ACTION_LABELS_ZH[a]}
            </View>
          ))}
        </View>
        <View className='pfs-audit__fields'>
          <Input className='pfs-customers__input' name='actor' value={draft.actor ?? ''} placeholder='操作人企业微信账号，如 chenjing' onInput={(e) => setDraft({ ...draft, actor: e.detail.value })} onConfirm={() => apply(draft)} />
          <View className='pfs-audit__dates'>
            <Input className='pfs-customers__input' name='from' value={draft.from ?? ''} placeholder='开始 YYYY-MM-DD' onInput={(e) => setDraft({ ...draft, from: e.detail.value })} onConfirm={() => apply(draft)} />
            <Text className='pfs-audit__dash'>至</Text>
            <Input className='pfs-customers__input' name='to' value={draft.to ?? ''} placeholder='结束 YYYY-MM-DD' onInput={(e) => setDraft({ ...draft, to: e.detail.value })} onConfirm={() => apply(draft)} />
          </View>
        </View>
        {problem ? (
          <View className='pfs-audit__problem' role='alert'>
            {problem}
          </View>
        ) : null}
        <View className='pfs-audit__actions'>
          <PfsButton size='small' onClick={() => apply(draft)}>
            查询
          </PfsButton>
          <PfsButton size='small' variant='secondary' onClick={() => apply({})}>
            重置
          </PfsButton>
          <PfsButton size='small' variant='secondary' loading={exported.status === 'running'} disabled={state.status !== 'success' || state.data.total === 0} onClick={() => void doExport()}>
            导出CSV
          </PfsButton>
        </View>
        {exported.status === 'done' ? <Text className='pfs-audit__note'>已导出 {exported.rows} 条记录（本次导出已记录审计）</Text> : null}
        {exported.status === 'error' ? (
          <View className='pfs-audit__problem' role='alert'>
            导出失败：{toUserMessage(exported.error)}
          </View>
        ) : null}
      </Card>
      {state.status === 'loading' ? <LoadingState label='正在查询审计日志…' /> : null}
      {state.status === 'error' ? <ErrorState title='审计日志加载失败' error={state.error} onRetry={() => setNonce((n) => n + 1)} /> : null}
      {state.status === 'success' ? (
        state.data.items.length === 0 ? (
          <EmptyState emblem='审' title='没有符合条件的审计记录' description='换个操作类型、人员或日期范围试试。' />
        ) : (
          <View>
            <Text className='pfs-customers__count'>
              共 {state.data.total} 条记录 · 本次查阅已记录审计
            </Text>
            <View className='pfs-audit__list' role='list'>
              {state.data.items.map((entry) => (
                <Row key={entry.id} entry={entry} reveal={reveal} />
              ))}
            </View>
            <View className='pfs-audit__pager'>
              <PfsButton size='small' variant='secondary' disabled={page <= 1} onClick={() => setPage(page - 1)}>
                上一页
              </PfsButton>
              <Text className='pfs-audit__page'>
                第 {page} / {pages} 页
              </Text>
              <PfsButton size='small' variant='secondary' disabled={page >= pages} onClick={() => setPage(page + 1)}>
                下一页
              </PfsButton>
            </View>
          </View>
        )
      ) : null}
    </View>
  );
}
