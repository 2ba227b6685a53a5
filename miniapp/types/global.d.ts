/// <reference types="@tarojs/taro" />

declare module '*.css';
declare module '*.png';
declare module '*.svg';

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform Taro is building for (inlined at build time). */
    TARO_ENV?: 'weapp' | 'h5';
    /** BFF origin; empty means same origin (H5 served by the BFF). */
    PFS_API_BASE?: string;
    /** '0' disables the desktop demo bridge (outside WeCom the app then asks to be opened in WeCom). */
    PFS_DEMO?: string;
    /** Optional corp id for the WeCom OAuth redirect; otherwise taken from the JS-SDK signature answer. */
    PFS_WECOM_CORP_ID?: string;
  }
}
