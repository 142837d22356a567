// Taro compiles every target with its own Babel preset; TypeScript types are checked by `tsc`.
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'preact',
        ts: true,
        compiler: 'webpack5',
        ...(process.env.TARO_ENV === 'weapp' ? { targets: { ios: '12', chrome: '70' } } : {}),
      },
    ],
  ],
};
