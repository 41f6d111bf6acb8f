/**
 * Observable Plot (with d3) and linkedom's parser are published as ES modules only. Node loads them for the built
 * app (require of ES modules, Node 20.19 and later); Jest's CommonJS runtime cannot, so ts-jest compiles just those
 * packages to CommonJS here (cached after the first run).
 */
const ES_MODULES_ONLY = [
  '@observablehq/plot',
  'd3',
  'd3-[a-z-]+',
  'internmap',
  'delaunator',
  'robust-predicates',
  'isoformat',
  'linkedom',
  'css-select',
  'css-what',
  'cssomnom',
  'domhandler',
  'domutils',
  'dom-serializer',
  'domelementtype',
  'entities',
  'nth-check',
  'boolbase',
  'htmlparser2',
  'uhyphen',
];

module.exports = {
  displayName: 'dashboard',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    '^.+\\.m?js$': [
      'ts-jest',
      {
        tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', esModuleInterop: true },
        isolatedModules: true,
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ES_MODULES_ONLY.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'html'],
  coverageDirectory: '../../coverage/apps/dashboard',
};
