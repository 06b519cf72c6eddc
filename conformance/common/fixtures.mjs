// test/common/fixtures for ES module tests: the same helpers as fixtures.js.
import fixtures from './fixtures.js';

export const { fixturesDir, path, fileURL, readSync, readKey } = fixtures;

export default fixtures;
