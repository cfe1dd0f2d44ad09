// `npm start` rebuilds better-sqlite3 for Electron's ABI; tests and `forgebell` run under plain Node.
// This puts the Node build back when needed (a no-op when it already loads).
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (error) {
  console.error(
    `better-sqlite3 does not load under Node ${process.version} (${error.message.split('\n')[0]}); rebuilding it for Node…`,
  );
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' });
}
