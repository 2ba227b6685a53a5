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

export function Input({
  value,
  name,
  placeholder,
  className,
  type,
  maxlength,
  onInput,
  onBlur,
  onConfirm,
}: {
  value?: string;
  name?: string;
  placeholder?: string;
  className?: string;
  type?: string;
  maxlength?: number;
  confirmType?: string;
  onInput?: (e: { detail: { value: string } }) => void;
  onBlur?: () => void;
  onConfirm?: () => void;
}) {
  return (
    <input
      name={name}
      // As Taro H5 renders it (a number input reads empty for "138 1234 5678"; digit is a number input too).
      type={type === 'digit' ? 'number' : type === 'number' ? 'number' : 'text'}
      maxLength={maxlength}
      className={className}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
      onBlur={onBlur}
      onKeyDown={(e) => e.key === 'Enter' && onConfirm?.()}
    />
  );
}

export function ScrollView({ children, className }: Common & { scrollY?: boolean }) {
  return <div className={className}>{children}</div>;
}

/** `Picker mode='date'`: a labelled date input around the trigger content. */
export function Picker({
  children,
  value,
  start,
  end,
  onChange,
  'aria-label': ariaLabel,
}: Common & { mode?: string; value?: string; start?: string; end?: string; onChange?: (e: { detail: { value: string } }) => void }) {
  return (
    <label>
      {children}
      <input type='date' aria-label={ariaLabel} value={value} min={start} max={end} onChange={(e) => onChange?.({ detail: { value: e.target.value } })} />
    </label>
  );
}
