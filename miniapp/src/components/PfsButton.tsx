import { Button } from '@tarojs/components';
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

/** The platform button (native tap feedback, accessibility) with the design tokens on top. */
export function PfsButton({ children, onClick, variant = 'primary', size = 'normal', block, disabled, loading }: PfsButtonProps) {
  const inactive = Boolean(disabled || loading);
  const className = ['pfs-btn', `pfs-btn--${variant}`, size === 'small' ? 'pfs-btn--small' : '', block ? 'pfs-btn--block' : '', inactive ? 'pfs-btn--disabled' : '']
    .filter(Boolean)
    .join(' ');
  // Taro H5 writes disabled="false" and styles any [disabled] attribute as disabled: pass it only when true.
  return (
    <Button className={className} hoverClass='pfs-btn--hover' onClick={onClick} disabled={inactive || undefined} loading={loading || undefined}>
      {children}
    </Button>
  );
}
