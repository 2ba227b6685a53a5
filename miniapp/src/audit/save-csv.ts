import Taro from '@tarojs/taro';

/**
 * Hands an exported CSV to the user: a file download in the browser (H5); in the mini-program the file is written to
 * the user data folder and offered through the share sheet (WeCom sends it to a chat, e.g. to oneself).
 */
export async function saveCsv(filename: string, csv: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    return;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${filename}`;
  Taro.getFileSystemManager().writeFileSync(filePath, csv, 'utf8');
  await Taro.shareFileMessage({ filePath, fileName: filename });
}
