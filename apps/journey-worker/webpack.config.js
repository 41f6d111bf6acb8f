// See webpack.node-app.js at the workspace root. The worker runs the prebuilt workflow bundle written beside main.js,
// so it starts without bundling and runs exactly what was built.
module.exports = require('../../webpack.node-app')(__dirname, { workflowBundle: true });
