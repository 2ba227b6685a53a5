import { PRODUCT_CATEGORIES, PRODUCT_CATEGORY_LABELS_ZH, riskLabelOf, type ProductCategory } from '@pfs/shared';
import { Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { createProductsApi } from '../api/audit-api';
import { EmptyState, ErrorState, LoadingState } from '../components/PageState';
import { useAsync } from '../hooks/use-async';
import { useServices } from '../services/ServicesContext';
import './brochure.css';

function yuan(amount: string): string {
  const n = Number(amount);
  return n >= 10_000 ? `${n / 10_000}万元起` : `${n}元起`;
}

/** 图册: the products on sale (every role; operations and compliance review this content), by category. */
export function ProductList() {
  const { http } = useServices();
  const api = useMemo(() => createProductsApi(http), [http]);
  const products = useAsync(() => api.list(), [api]);
  const [category, setCategory] = useState<ProductCategory | undefined>();

  if (products.status === 'loading') return <LoadingState label='正在加载产品…' />;
  if (products.status === 'error') return <ErrorState title='产品加载失败' error={products.error} onRetry={products.reload} />;
  const shown = products.data.items.filter((p) => !category || p.category === category);
  return (
    <View className='pfs-products'>
      <View className='pfs-products__chips' role='tablist'>
        <View role='tab' aria-selected={!category} className={`pfs-chip${!category ? ' pfs-chip--on' : ''}`} onClick={() => setCategory(undefined)}>
          全部
        </View>
        {PRODUCT_CATEGORIES.map((c) => (
          <View key={c} role='tab' aria-selected={category === c} className={`pfs-chip${category === c ? ' pfs-chip--on' : ''}`} onClick={() => setCategory(c)}>
            {PRODUCT_CATEGORY_LABELS_ZH[c]}
          </View>
        ))}
      </View>
      {shown.length === 0 ? (
        <EmptyState emblem='册' title='暂无在售产品' description='该类别下暂时没有在售产品。' />
      ) : (
        <View className='pfs-products__list'>
          <Text className='pfs-products__count'>共 {shown.length} 款在售产品</Text>
          {shown.map((p) => (
            <View key={p.id} className='pfs-product'>
              <View className='pfs-product__line'>
                <Text className='pfs-product__name'>{p.name}</Text>
                <Text className='pfs-product__badge'>{PRODUCT_CATEGORY_LABELS_ZH[p.category]}</Text>
              </View>
              <View className='pfs-product__meta'>
                <Text>{riskLabelOf(p.riskLevel)}</Text>
                <Text>{yuan(p.minAmountYuan)}</Text>
                {p.termDays ? <Text>期限{p.termDays}天</Text> : null}
                {p.expectedYield ? <Text className='pfs-product__yield'>业绩比较基准 {p.expectedYield}</Text> : null}
              </View>
              <Text className='pfs-product__issuer'>{p.issuer}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
