import { Button, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './pfs-button.css';

export interface PfsButtonProps {
  children: ReactNode;
  onClick?: () => void;
  variant?: 'primary' | 'secondary' | 'danger';
  size?: 'normal' | 'small';
  block?: boolean;
  disabled?: boolean;
  loading?: boolean;
}

/**
 * Taro H5's button is a Stencil element that inserts its spinner before its slot when `loading` turns on; React
 * owns the same light-DOM children, so toggling it throws `NotFoundError … insertBefore` (seen after every send,
 * just before its toast). In H5 the spinner is ours, a React child; the mini-program keeps the native one.
 */
const NATIVE_LOADING = process.env.TARO_ENV !== 'h5';

/** The platform button (native tap feedback, accessibility) with the design tokens on top. */
export function PfsButton({ children, onClick, variant = 'primary', size = 'normal', block, disabled, loading }: PfsButtonProps) {
  const inactive = Boolean(disabled || loading);
  const className = ['pfs-btn', `pfs-btn--${variant}`, size === 'small' ? 'pfs-btn--small' : '', block ? 'pfs-btn--block' : '', inactive ? 'pfs-btn--disabled' : '']
    .filter(Boolean)
    .join(' ');
  // Taro H5 writes disabled="false" and styles any [disabled] attribute as disabled: pass it only when true.
  return (
    <Button
      className={className}
      hoverClass='pfs-btn--hover'
      onClick={onClick}
      disabled={inactive || undefined}
      loading={(NATIVE_LOADING && loading) || undefined}
      aria-busy={loading || undefined}
    >
      {!NATIVE_LOADING && loading ? <View className='pfs-btn__spinner' aria-hidden='true' /> : null}
      {children}
    </Button>
  );
}
