import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { ApiError } from '../api/api-error';
import { toUserMessage } from '../errors/app-error';
import { PfsButton } from './PfsButton';
import './page-state.css';

export function LoadingState({ label = '加载中…' }: { label?: string }) {
  return (
    <View className='pfs-state pfs-state--loading' aria-busy='true'>
      <View className='pfs-spinner' />
      <Text className='pfs-state__text'>{label}</Text>
    </View>
  );
}

export interface EmptyStateProps {
  title: string;
  description?: string;
  /** One or two characters shown in the emblem ring. */
  emblem?: string;
  actions?: ReactNode;
  children?: ReactNode;
}

export function EmptyState({ title, description, emblem = '空', actions, children }: EmptyStateProps) {
  return (
    <View className='pfs-state pfs-state--empty'>
      <View className='pfs-state__emblem'>{emblem}</View>
      <Text className='pfs-state__title'>{title}</Text>
      {description ? <Text className='pfs-state__text'>{description}</Text> : null}
      {actions ? <View className='pfs-state__actions'>{actions}</View> : null}
      {children ? <View className='pfs-state__body'>{children}</View> : null}
    </View>
  );
}

export interface ErrorStateProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** Shows the plain-Chinese message; the request id lets support find the server log. */
export function ErrorState({ error, title = '加载失败', onRetry }: ErrorStateProps) {
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <View className='pfs-state pfs-state--error' role='alert'>
      <View className='pfs-state__emblem'>!</View>
      <Text className='pfs-state__title'>{title}</Text>
      <Text className='pfs-state__text'>{toUserMessage(error)}</Text>
      {requestId ? <Text className='pfs-state__meta'>请求编号 {requestId}</Text> : null}
      {onRetry ? (
        <View className='pfs-state__actions'>
          <PfsButton onClick={onRetry}>重试</PfsButton>
        </View>
      ) : null}
    </View>
  );
}
