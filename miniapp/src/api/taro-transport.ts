import Taro from '@tarojs/taro';
import { TransportFailure, type Transport } from './transport';

/**
 * Transport on Taro.request: wx.request in the mini-program, fetch in H5. Taro resolves for every HTTP status
 * and rejects only when no answer arrived, which is what TransportFailure means.
 */
export const taroTransport: Transport = async (request) => {
  try {
    const res = await Taro.request({
      url: request.url,
      method: request.method,
      header: request.headers,
      data: request.body as Taro.request.Option['data'],
      timeout: request.timeoutMs,
      dataType: 'json',
    });
    return { status: res.statusCode, body: res.data, headers: (res.header ?? {}) as Record<string, string> };
  } catch (error) {
    const detail = (error as { errMsg?: string; message?: string }).errMsg ?? String(error);
    // H5 times out by aborting the fetch; the mini-program reports "request:fail timeout".
    throw new TransportFailure(/timeout|abort/i.test(detail), detail);
  }
};
