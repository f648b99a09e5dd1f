#!/usr/bin/env node
// Run by `pnpm test` before the packages' tests: what the installed dependencies ask of the runtime
// and of each other. Fails, naming each offender, when
// - the root `engines.node` allows a Node.js version that some installed package does not support
//   (the range must be as high as the dependencies need), or
// - an installed package's peer range excludes the version of that peer which is installed beside it
//   (a Nest plugin written for Nest 11 under Nest 12, say).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/**
 * Misfits accepted on purpose, each with the reason; one that no longer occurs fails the check too,
 * so the list cannot outlive its reason.
 */
const ACCEPTED = new Map([
  [
    'openapi-typescript@7.13.0 wants typescript ^5.x, but 6.0.3 is installed beside it',
    "its latest release; it only prints the generated types with the compiler API, and the client's freshness test regenerates them with 6",
  ],
]);

const root = JSON.parse(readFileSync('package.json', 'utf8'));
const engines = root.engines?.node;
const store = 'node_modules/.pnpm';
const problems = [];
// The store may still hold packages the lockfile no longer names (removed since the last prune).
const locked = lockedPackages(readFileSync('pnpm-lock.yaml', 'utf8'));

for (const entry of readdirSync(store)) {
  const modules = join(store, entry, 'node_modules');
  for (const dir of packageDirs(modules)) {
    const manifest = readManifest(join(modules, dir));
    // Only the package this store entry is for; its neighbours are its dependencies, read below.
    if (!manifest || !entry.startsWith(`${manifest.name.replace('/', '+')}@${manifest.version}`)) continue;
    const id = `${manifest.name}@${manifest.version}`;
    if (!locked.has(id)) continue;
    const needs = manifest.engines?.node;
    if (engines && needs && !semver.subset(engines, needs, { includePrerelease: false })) {
      problems.push(`${id} needs Node.js ${needs}; package.json's engines.node (${engines}) allows versions outside it`);
    }
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (manifest.peerDependenciesMeta?.[peer]?.optional) continue;
      const installed = readManifest(join(modules, peer));
      if (installed && !semver.satisfies(installed.version, range, { includePrerelease: true })) {
        problems.push(`${id} wants ${peer} ${range}, but ${installed.version} is installed beside it`);
      }
    }
  }
}

const refused = [
  ...problems.filter((problem) => !ACCEPTED.has(problem)),
  ...[...ACCEPTED.keys()]
    .filter((accepted) => !problems.includes(accepted))
    .map((stale) => `no longer occurs, take it off ACCEPTED: ${stale}`),
];
if (refused.length > 0) {
  console.error(`Dependencies that do not fit (scripts/check-dependencies.mjs):\n${refused.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}

/** `name@version` of every package in the lockfile's `packages:` section. */
function lockedPackages(lockfile) {
  // pnpm writes the workspace's own tools' lockfile first: the project's packages are the last section.
  const section = lockfile.slice(lockfile.lastIndexOf('\npackages:\n'), lockfile.lastIndexOf('\nsnapshots:\n'));
  return new Set([...section.matchAll(/^ {2}'?((?:@[^/\s]+\/)?[^@\s']+@[^(:\s']+)'?:/gm)].map((m) => m[1]));
}

function packageDirs(modules) {
  let names;
  try {
    names = readdirSync(modules);
  } catch {
    return [];
  }
  return names.flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((scoped) => `${name}/${scoped}`) : [name]));
}

function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}
