import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { AUM_TIER_LABELS_ZH, AUM_TIERS, riskLabelOf, type AumTier, type CustomerListItem } from '@pfs/shared';
import { createButlerApi, type CustomerListFilters } from '../api/butler-api';
import { EmptyState, ErrorState, LoadingState } from '../components/PageState';
import { PfsButton } from '../components/PfsButton';
import { ROUTES } from '../navigation/routes';
import { useServices } from '../services/ServicesContext';
import '../components/card.css';

const PAGE_SIZE = 20;

type ListState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'success'; items: CustomerListItem[]; total: number; page: number; more: 'idle' | 'loading' | { error: unknown } };

function Chip({ on, label, onClick }: { on: boolean; label: string; onClick: () => void }) {
  return (
    <View role='checkbox' aria-checked={on} className={`pfs-chip${on ? ' pfs-chip--on' : ''}`} onClick={onClick}>
      {label}
    </View>
  );
}

function Row({ item }: { item: CustomerListItem }) {
  const open = () => void Taro.navigateTo({ url: `${ROUTES.customerDetail}?id=${encodeURIComponent(item.id)}` });
  return (
    <View className='pfs-customer-row' onClick={open} role='button'>
      <View className='pfs-customer-row__avatar'>{item.displayName.slice(0, 1)}</View>
      <View className='pfs-customer-row__body'>
        <View className='pfs-customer-row__line'>
          <Text className='pfs-customer-row__name'>{item.displayName}</Text>
          {item.nameMasked ? <Text className='pfs-customer-row__masked'>{item.nameMasked}</Text> : null}
          <Text className={`pfs-customer-row__badge ${item.verified ? 'pfs-customer-row__badge--ok' : ''}`}>{item.verified ? '已实名' : '未实名'}</Text>
        </View>
        <View className='pfs-customer-row__meta'>
          {item.aumTier ? <Text>{AUM_TIER_LABELS_ZH[item.aumTier]}</Text> : null}
          {item.riskLevel ? <Text>{riskLabelOf(item.riskLevel)}</Text> : null}
          {item.maturingSoon ? <Text className='pfs-customer-row__soon'>近30天到期</Text> : null}
          {item.corpTags.slice(0, 3).map((tag) => (
            <Text key={tag.id} className='pfs-customer-row__tag'>
              {tag.name}
            </Text>
          ))}
        </View>
      </View>
      <Text className='pfs-customer-row__chevron'>›</Text>
    </View>
  );
}

/** 客户 tab: search, filter chips, pages of 20 with 加载更多; a row opens the profile page. */
export function CustomerList() {
  const { http } = useServices();
  const api = useMemo(() => createButlerApi(http), [http]);
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<CustomerListFilters>({});
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [tags, setTags] = useState<{ id: string; name: string }[]>([]);
  const run = useRef(0);

  useEffect(() => {
    const id = ++run.current;
    setState({ status: 'loading' });
    api.list(filters, 1, PAGE_SIZE).then(
      (page) => {
        if (id !== run.current) return;
        setState({ status: 'success', items: page.items, total: page.total, page: 1, more: 'idle' });
        // Tag chips from the tags seen on the first page (no extra request).
        setTags((known) => {
          const map = new Map(known.map((t) => [t.id, t]));
          for (const item of page.items) for (const tag of item.corpTags) map.set(tag.id, tag);
          return [...map.values()].slice(0, 8);
        });
      },
      (error: unknown) => id === run.current && setState({ status: 'error', error }),
    );
  }, [api, filters]);

  const loadMore = () => {
    if (state.status !== 'success' || state.more === 'loading') return;
    const id = run.current;
    const next = state.page + 1;
    setState({ ...state, more: 'loading' });
    api.list(filters, next, PAGE_SIZE).then(
      (page) =>
        id === run.current &&
        setState((s) => (s.status === 'success' ? { ...s, items: [...s.items, ...page.items], total: page.total, page: next, more: 'idle' } : s)),
      (error: unknown) => id === run.current && setState((s) => (s.status === 'success' ? { ...s, more: { error } } : s)),
    );
  };

  const toggle = <K extends keyof CustomerListFilters>(key: K, value: CustomerListFilters[K]) =>
    setFilters((f) => ({ ...f, [key]: f[key] === value ? undefined : value }));
  const search = () => setFilters((f) => ({ ...f, q: query.trim() || undefined }));

  return (
    <View className='pfs-customers'>
      <View className='pfs-card pfs-customers__filters'>
        <View className='pfs-customers__search'>
          <Input
            className='pfs-customers__input'
            name='q'
            value={query}
            placeholder='搜索客户昵称、姓名或手机尾号'
            confirmType='search'
            onInput={(e) => setQuery(e.detail.value)}
            onConfirm={search}
          />
          <PfsButton size='small' onClick={search}>
            搜索
          </PfsButton>
        </View>
        <View className='pfs-customers__chips'>
          <Chip on={filters.verified === true} label='已实名' onClick={() => toggle('verified', true)} />
          <Chip on={filters.verified === false} label='未实名' onClick={() => toggle('verified', false)} />
          <Chip on={filters.maturingSoon === true} label='近30天到期' onClick={() => toggle('maturingSoon', true)} />
          {AUM_TIERS.map((tier: AumTier) => (
            <Chip key={tier} on={filters.aumTier === tier} label={AUM_TIER_LABELS_ZH[tier]} onClick={() => toggle('aumTier', tier)} />
          ))}
          {tags.map((tag) => (
            <Chip key={tag.id} on={filters.tagId === tag.id} label={`#${tag.name}`} onClick={() => toggle('tagId', tag.id)} />
          ))}
        </View>
      </View>
      {state.status === 'loading' ? <LoadingState label='正在加载客户…' /> : null}
      {state.status === 'error' ? <ErrorState title='客户列表加载失败' error={state.error} onRetry={() => setFilters((f) => ({ ...f }))} /> : null}
      {state.status === 'success' ? (
        state.items.length === 0 ? (
          <EmptyState emblem='客' title='没有符合条件的客户' description='换个关键词或筛选条件试试。' />
        ) : (
          <View>
            <Text className='pfs-customers__count'>共 {state.total} 位客户</Text>
            <View className='pfs-customers__list'>
              {state.items.map((item) => (
                <Row key={item.id} item={item} />
              ))}
            </View>
            {state.items.length < state.total ? (
              <View className='pfs-customers__more'>
                {typeof state.more === 'object' ? <Text className='pfs-customers__more-error'>加载失败，请重试</Text> : null}
                <PfsButton variant='secondary' block loading={state.more === 'loading'} onClick={loadMore}>
                  加载更多
                </PfsButton>
              </View>
            ) : (
              <Text className='pfs-customers__end'>已显示全部</Text>
            )}
          </View>
        )
      ) : null}
    </View>
  );
}
