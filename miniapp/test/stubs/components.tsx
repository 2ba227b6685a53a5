import type { ReactNode } from 'react';

// Plain DOM stand-ins for @tarojs/components: enough for roles, text and clicks in jsdom.
interface Common {
  className?: string;
  children?: ReactNode;
  onClick?: () => void;
  role?: string;
  'aria-selected'?: boolean;
  'aria-busy'?: 'true' | 'false';
  'aria-label'?: string;
}

export function View({ children, ...rest }: Common) {
  return <div {...rest}>{children}</div>;
}

export function Text({ children, ...rest }: Common) {
  return <span {...rest}>{children}</span>;
}

export function Button({ children, disabled, loading, className, onClick }: Common & { disabled?: boolean; loading?: boolean; hoverClass?: string }) {
  return (
    <button type='button' className={className} disabled={disabled} aria-busy={loading ? 'true' : undefined} onClick={onClick}>
      {children}
    </button>
  );
}

export function WebView({ src }: { src: string }) {
  return <iframe title='webview' src={src} />;
}
