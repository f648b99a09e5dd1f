import { TEST_DRIVERS } from '@ccp/db/testing';
import { QUEUES } from '@ccp/jobs';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../test/accounts.js';
import { multipartForm } from '../../test/multipart.js';
import { apiTestbed } from '../../test/testbed.js';

const basic = (email: string, password = DEMO_PASSWORD) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe.each(TEST_DRIVERS)('the job dashboard at /ops/queues on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, emptyQueues: [QUEUES.exclusionImports] });

  // Each refused login from an address of its own: the failed-login limit is per address.
  let address = 1;
  const open = (url: string, authorization?: string, remoteAddress = `10.0.0.${address++}`) =>
    bed.app.inject({ method: 'GET', url, remoteAddress, headers: authorization === undefined ? {} : { authorization } });

  const expectLoginAsked = (res: Awaited<ReturnType<typeof open>>) => {
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="CCP operations", charset="UTF-8"');
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({
      type: 'https://ccp.example/problems/unauthenticated',
      status: 401,
      detail: 'Log in with the email and password of a person who has the permission "Operate Job Queues"',
      requestId: expect.any(String),
    });
    expect(res.body).not.toContain('exclusion-imports');
  };

  it('asks for a login on every route of the board (page, JSON API, assets) without credentials', async () => {
    for (const url of [
      '/ops/queues',
      '/ops/queues/',
      '/ops/queues/api/queues',
      '/ops/queues/queue/exclusion-imports',
      '/ops/queues/static/index.html',
    ]) {
      expectLoginAsked(await open(url));
    }
  });

  it('refuses a person without the permission "Operate Job Queues", a wrong password, an unknown email and a bearer token', async () => {
    const token = await bed.login('admin@demo.test');
    for (const authorization of [
      basic('viewer@demo.test'),
      basic('admin@basic.test'),
      basic('admin@demo.test', 'not-the-password'),
      basic('nobody@demo.test'),
      token,
      'Basic not-base64!',
    ]) {
      expectLoginAsked(await open('/ops/queues', authorization));
    }
  });

  it('opens for an operator: the HTML dashboard and its scripts', async () => {
    const res = await open('/ops/queues', basic('admin@demo.test'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<title>CCP job queues</title>');
    expect(res.body).toContain('<base href="/ops/queues/" />');
    const script = /<script defer src="(static\/js\/[^"]+\.js)">/.exec(res.body)?.[1];
    expect(script).toBeDefined();
    const asset = await open(`/ops/queues/${script}`, basic('admin@demo.test'));
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expectLoginAsked(await open(`/ops/queues/${script}`));
  });

  it('shows every queue, and jobs whose name and data say which account and upload they are', async () => {
    const me = (await bed.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: bed.admin } })).json();
    const { payload, headers } = multipartForm([
      { name: 'file', value: Buffer.from('4155550100\n'), fileName: 'vip.csv' },
      { name: 'mode', value: 'add' },
    ]);
    const created = await bed.app.inject({
      method: 'POST',
      url: '/api/v1/exclusions/uploads',
      payload,
      headers: { ...headers, authorization: bed.admin },
    });
    expect(created.statusCode).toBe(202);
    const { uploadId } = created.json();

    const res = await open(`/ops/queues/api/queues?activeQueue=${QUEUES.exclusionImports}&status=waiting&page=1`, basic('admin@demo.test'));
    expect(res.statusCode, res.body).toBe(200);
    const listed = res.json().queues;
    expect(listed.map((q: { name: string }) => q.name)).toEqual(Object.values(QUEUES));
    const jobs = listed.find((q: { name: string }) => q.name === QUEUES.exclusionImports).jobs;
    expect(jobs).toContainEqual(expect.objectContaining({ name: 'import vip.csv for demo', data: { accountId: me.account.id, uploadId } }));
  });

  it('turns an address away with 429 after 10 failed logins in a minute, even with the right password then', async () => {
    for (let attempt = 0; attempt < 10; attempt++)
      expectLoginAsked(await open('/ops/queues', basic('admin@demo.test', 'guess'), '10.9.9.9'));
    const limited = await open('/ops/queues', basic('admin@demo.test'), '10.9.9.9');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await open('/ops/queues', basic('admin@demo.test'), '10.9.9.10')).statusCode).toBe(200);
  });
});
