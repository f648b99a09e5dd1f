import { describe, expect, it } from 'vitest';
import type { AppConfig } from './config/app-config.js';
import { parseEnv } from './config/env.js';
import { startupBanner } from './startup-banner.js';

const banner = (env: Record<string, string>) => startupBanner(parseEnv(env) as AppConfig, null);

describe('the startup banner', () => {
  it('says where the API listens: this machine only by default', () => {
    const text = banner({});
    expect(text).toContain('Listening      127.0.0.1:3000 only (HOST=0.0.0.0 opens it to other machines)');
    expect(text).toContain('API            http://127.0.0.1:3000/api/v1');
  });

  it('says so when HOST opens it to every interface', () => {
    const text = banner({ HOST: '0.0.0.0', PORT: '8080' });
    expect(text).toContain('Listening      every interface, port 8080 (HOST=0.0.0.0)');
    expect(text).toContain('API            http://localhost:8080/api/v1');
  });
});
