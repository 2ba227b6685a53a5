import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './card.css';

export function Card({ title, children, className }: { title?: string; children: ReactNode; className?: string }) {
  return (
    <View className={`pfs-card${className ? ` ${className}` : ''}`}>
      {title ? <Text className='pfs-card__title'>{title}</Text> : null}
      {children}
    </View>
  );
}

export function SectionTitle({ children }: { children: ReactNode }) {
  return <Text className='pfs-section-title'>{children}</Text>;
}
