/**
 * Child-process probe for the transport's `ca` option: run without NODE_EXTRA_CA_CERTS, it calls the URL in
 * argv[2] once with no extra CA and once trusting the PEM file in argv[3], and prints both outcomes as JSON.
 */
// @ts-nocheck

import { readFileSync } from 'node:fs';
import { createTransport, NetworkError } from '../../../api/src/m365/transport.ts';

const [url, caFile] = process.argv.slice(2) as [string, string];

async function probe(ca?: string): Promise<{ status?: number; error?: string; transient?: boolean }> {
  const transport = createTransport({ ca, timeoutMs: 5000 });
  try {
    const res = await transport.send({ method: 'GET', url });
    return { status: res.status };
  } catch (error) {
    return error instanceof NetworkError ? { error: error.code, transient: error.transient } : { error: String(error) };
  } finally {
    transport.close();
  }
}

console.log(JSON.stringify({ without: await probe(), with: await probe(readFileSync(caFile, 'utf8')) }));
