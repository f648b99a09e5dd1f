#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatIssue, replay } from '@ccp/policy-core';
import { replayTable } from './replay-table.js';

const USAGE = 'usage: pnpm simulate FILE|- [--table]';
const EXIT_INVALID = 2;

function fail(reason: string): never {
  process.stderr.write(`${reason}\n`);
  process.exit(EXIT_INVALID);
}

const args = process.argv.slice(2);
const table = args.includes('--table');
const files = args.filter((arg) => arg !== '--table');
if (files.length !== 1 || (files[0] as string).startsWith('--')) fail(USAGE);
const file = files[0] as string;

let text: string;
try {
  // pnpm runs root scripts from the repository root; INIT_CWD is where the user typed the command.
  text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
} catch (error) {
  fail(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
}

let scenario: unknown;
try {
  scenario = JSON.parse(text);
} catch (error) {
  fail(`${file}: not valid JSON (${(error as Error).message})`);
}

const outcome = replay(scenario);
if (!outcome.ok) {
  const [first, ...more] = outcome.issues;
  fail(
    `${file}: ${formatIssue(first as NonNullable<typeof first>)}${more.length > 0 ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : ''}`,
  );
}
process.stdout.write(`${table ? replayTable(outcome.replay) : JSON.stringify(outcome.replay, null, 2)}\n`);
