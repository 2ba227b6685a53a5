import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

// @pfs/shared ships TypeScript source; without this Taro's loaders skip it ("Unexpected token" on `export type`).
const sharedSrc = path.resolve(__dirname, '../../shared/src');

// Build-time settings, read from the shell: PFS_API_BASE (empty = same origin, the H5 default; the weapp build
// needs the BFF's https origin), PFS_DEMO ('0' turns the desktop demo bridge off), PFS_WECOM_CORP_ID (optional).
const env = {
  PFS_API_BASE: JSON.stringify(process.env.PFS_API_BASE ?? ''),
  PFS_DEMO: JSON.stringify(process.env.PFS_DEMO ?? '1'),
  PFS_WECOM_CORP_ID: JSON.stringify(process.env.PFS_WECOM_CORP_ID ?? ''),
};

export default defineConfig<'webpack5'>(() => {
  const platform = process.env.TARO_ENV ?? 'weapp';
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'pfs-miniapp',
    // Styles are written in CSS px and kept as px (pxtransform off): rpx/rem scaling would blow the layout up on a
    // 1280 px desktop, and the sidebar is a fixed 375 px column anyway.
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    env,
    defineConstants: {},
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: false, config: {} },
        cssModules: { enable: false },
      },
      // Modules used only by subpackages stay in those subpackages instead of the main package's common chunk.
      optimizeMainPackage: { enable: true },
      // Component styles are class-scoped, so the order in which chunks list them does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routes: the BFF serves dist/h5 with koa-static, so every deep link is `/` plus a fragment.
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      // Taro splits only initial chunks, so every lazily loaded page would carry its own copy of the layouts and
      // components; share what two or more pages use instead.
      webpackChain(chain) {
        chain.optimization.splitChunks({
          ...chain.optimization.get('splitChunks'),
          cacheGroups: {
            ...chain.optimization.get('splitChunks')?.cacheGroups,
            pagesCommon: { chunks: 'async', minChunks: 2, priority: 0, reuseExistingChunk: true },
          },
        });
      },
    },
  };
  return config;
});
