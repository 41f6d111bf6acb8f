// See webpack.node-app.js at the workspace root.
module.exports = require('../../webpack.node-app')(__dirname);
