import { DemoPanel } from '../components/demo/DemoPanel';
import { useServices } from '../services/ServicesContext';

/** The demo switcher where the runtime is the desktop demo; nothing in WeCom or the mini-program. */
export function DemoSlot({ layout }: { layout: 'tabs' | 'sidebar' }) {
  const { demo, session } = useServices();
  // Build-time literal: the mini-program never shows it (jest sets TARO_ENV=h5).
  if (process.env.TARO_ENV !== 'h5') return null;
  return demo ? <DemoPanel demo={demo} session={session} layout={layout} /> : null;
}

export function useHasDemo(): boolean {
  return Boolean(useServices().demo);
}
