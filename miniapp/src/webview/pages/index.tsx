import { WebView } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';

/** Mini-program only: `openLink` lands here, since a mini-program can show web pages only in <web-view>. */
export default function WebViewPage() {
  const { params } = useRouter();
  const url = params.url ? decodeURIComponent(params.url) : '';
  return url ? <WebView src={url} /> : null;
}
