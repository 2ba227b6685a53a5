// Tests exercise the H5 code paths (the demo switcher renders only when TARO_ENV is 'h5').
process.env.TARO_ENV = 'h5';
