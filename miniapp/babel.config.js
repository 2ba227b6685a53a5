// babel-preset-taro compiles app code and the shared workspace package for both weapp and h5.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
