// See webpack.node-app.js at the workspace root. The dashboard also ships its templates with GOV.UK Frontend's (as
// views/govuk, the path they are imported by), its own static files, and GOV.UK Frontend's compiled CSS and
// JavaScript (no fonts or images: outside GOV.UK it uses neither).
module.exports = require('../../webpack.node-app')(__dirname, {
  assets: [
    { input: './src/views', glob: '**/*.njk', output: 'views' },
    { input: 'node_modules/govuk-frontend/dist/govuk', glob: '**/*.njk', output: 'views/govuk' },
    { input: './src/assets', glob: '**/*', output: 'assets' },
    { input: 'node_modules/govuk-frontend/dist/govuk', glob: 'govuk-frontend.min.css', output: 'assets/govuk' },
    { input: 'node_modules/govuk-frontend/dist/govuk', glob: 'govuk-frontend.min.js', output: 'assets/govuk' },
  ],
});
