import type { Context, Next } from 'koa';

/**
 * The app's icon (the same as the one inlined in miniapp/src/index.html) for what asks the server for
 * `/favicon.ico` anyway: documents that are not our index.html (a redirect target, an API answer opened in a tab).
 */
const ICON = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='7' fill='#1b3a6b'/><rect x='7' y='17' width='4' height='8' rx='1' fill='#fff'/><rect x='14' y='12' width='4' height='13' rx='1' fill='#fff'/><rect x='21' y='7' width='4' height='18' rx='1' fill='#d9534f'/></svg>`;

export function favicon() {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.path !== '/favicon.ico' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.type = 'image/svg+xml';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = ICON;
  };
}
