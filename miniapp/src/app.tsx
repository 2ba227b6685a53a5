import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { createAppServices } from './services/create-services';
import { ServicesProvider } from './services/ServicesContext';
import './app.css';

// One set of services for the whole run: every page shares the bridge, the client and the session.
const services = createAppServices();

function isCustomerH5Route(): boolean {
  return process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' && window.location.hash.startsWith('#/verify/');
}

function App({ children }: PropsWithChildren) {
  // Log in once at launch; pages render their loading state until the session is ready.
  // The customer's verification pages (H5, opened from an invitation link) need no advisor login.
  useLaunch(() => {
    if (!isCustomerH5Route()) void services.session.start();
  });
  return <ServicesProvider services={services}>{children}</ServicesProvider>;
}

export default App;
