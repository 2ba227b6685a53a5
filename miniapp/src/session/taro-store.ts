import Taro from '@tarojs/taro';
import type { KeyValueStore } from './token-store';

export const taroStore: KeyValueStore = {
  get: (key) => Taro.getStorageSync(key),
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};
