import { cleanup } from '@testing-library/react';
import { resetTaroStub } from './stubs/taro';

afterEach(() => {
  cleanup();
  resetTaroStub();
  window.localStorage.clear();
  window.sessionStorage.clear();
});
