// `pnpm start`: the API and one worker beside it (api.md, "Configuration"), sharing this terminal.
// Both read the same environment (DATABASE_URL, REDIS_URL, …); stopping one stops the other.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = ['--experimental-async-context-frame', '--max-semi-space-size=64'];
const services = [
  { name: 'api', main: 'apps/api/dist/main.js' },
  { name: 'worker', main: 'apps/worker/dist/main.js' },
];

const children = services.map(({ name, main }) => {
  const child = spawn(process.execPath, [...node, main], { cwd: root, stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
    stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
