// test/common/tmpdir for the sandbox: a scratch directory in the VFS, fresh per test.
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const tmpPath = '/tmp/node-test';

function refresh() {
  fs.rmSync(tmpPath, { recursive: true, force: true });
  fs.mkdirSync(tmpPath, { recursive: true });
}

module.exports = {
  path: tmpPath,
  refresh,
  resolve: (...parts) => path.resolve(tmpPath, ...parts),
  fileURL: (...parts) => pathToFileURL(path.join(tmpPath, ...parts)),
  hasEnoughSpace: () => true,
};
