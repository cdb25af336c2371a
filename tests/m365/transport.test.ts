import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { promisify } from 'node:util';
import { createTransport, NetworkError } from '../../api/src/m365/transport.ts';

/** A bare HTTPS server with the certificate `npm test` trusts, answering per path. */
function startServer(): Promise<{ server: Server; url: string }> {
  const key = readFileSync(process.env.EMULATOR_TLS_KEY_FILE as string, 'utf8');
  const cert = readFileSync(process.env.EMULATOR_TLS_CERT_FILE as string, 'utf8');
  const server = createServer({ key, cert }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    if (path === '/json') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'Request-Id': 'abc' });
        res.end(JSON.stringify({ echo: body ? JSON.parse(body) : null, auth: req.headers.authorization ? 'present' : 'absent' }));
      });
    } else if (path === '/text') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    } else if (path === '/hangup') {
      req.socket.destroy();
    } else if (path === '/half') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"value": [');
      setTimeout(() => req.socket.destroy(), 20);
    }
    // '/silent': never answers.
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

describe('m365 transport', () => {
  let server: Server;
  let url: string;
  const transport = createTransport({ maxSockets: 4, timeoutMs: 5000 });
  beforeAll(async () => ({ server, url } = await startServer()));
  afterAll(() => {
    transport.close();
    server.closeAllConnections();
    server.close();
  });

  it('sends and parses JSON, with lower-case response headers', async () => {
    const res = await transport.send({
      method: 'POST',
      url: `${url}/json`,
      body: { hello: 'world' },
      headers: { authorization: 'Bearer x' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { echo: { hello: 'world' }, auth: 'present' });
    assert.equal(res.headers['request-id'], 'abc');
  });

  it('keeps a non-JSON body as text', async () => {
    const res = await transport.send({ method: 'GET', url: `${url}/text` });
    assert.equal(res.status, 502);
    assert.equal(res.body, '<html>bad gateway</html>');
  });

  it('turns a socket hang up and a truncated body into a transient NetworkError', async () => {
    for (const path of ['/hangup', '/half']) {
      const error = await transport
        .send({ method: 'GET', url: `${url}${path}?secret=1`, headers: { authorization: 'Bearer sekrit-token' } })
        .catch((failure: unknown) => failure);
      assert.ok(error instanceof NetworkError, `${path}: ${String(error)}`);
      assert.equal(error.code, 'ECONNRESET', path);
      assert.ok(error.transient);
      assert.ok(!error.message.includes('sekrit') && !error.message.includes('secret=1'), 'no header, no query string');
    }
  });

  it('times out as ETIMEDOUT, honouring a per-request cap below the default', async () => {
    const started = Date.now();
    const error = await transport.send({ method: 'GET', url: `${url}/silent`, timeoutMs: 150 }).catch((failure: unknown) => failure);
    assert.ok(error instanceof NetworkError && error.code === 'ETIMEDOUT' && error.transient);
    assert.ok(Date.now() - started < 2000);
  });

  it('reports a refused connection as transient', async () => {
    const closed = await startServer();
    closed.server.close();
    const error = await transport.send({ method: 'GET', url: `${closed.url}/json` }).catch((failure: unknown) => failure);
    assert.ok(error instanceof NetworkError && error.code === 'ECONNREFUSED' && error.transient);
  });

  it('trusts an explicit `ca` without NODE_EXTRA_CA_CERTS, and fails closed without it', async () => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const probe = new URL('./support/caProbe.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', probe, `${url}/json`, process.env.EMULATOR_TLS_CERT_FILE as string],
      { env },
    );
    const result = JSON.parse(stdout) as { without: { error?: string; transient?: boolean }; with: { status?: number } };
    assert.equal(result.with.status, 200);
    assert.ok(result.without.error, 'an untrusted certificate must fail');
    assert.equal(result.without.transient, false, `a TLS failure (${result.without.error}) is not retried`);
  });
});
