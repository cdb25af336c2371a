import express, { Router, type Request } from 'express';
import type { EmulatorContext } from '../context.ts';
import { runBatch } from './batch.ts';
import { DROPPED, parseBody, type GraphRequest } from './message.ts';
import { executeGraphRequest } from './pipeline.ts';

/**
 * Microsoft Graph v1.0, mounted at `/v1.0`. A thin Express adapter: it turns the HTTP request into a
 * plain `GraphRequest`, lets the pipeline (or `$batch`) answer, and writes the answer back, or destroys
 * the socket when the traffic gate drops the call.
 */
export function graphRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.use(express.raw({ type: () => true, limit: '4mb' }));
  router.use(async (req, res) => {
    const request = toGraphRequest(req);
    const outcome =
      request.method === 'POST' && request.path.toLowerCase() === '/$batch'
        ? await runBatch(ctx, request)
        : await executeGraphRequest(ctx, request);
    if (outcome === DROPPED) {
      req.socket.destroy();
      return;
    }
    // Node's own writeHead keeps Graph's Content-Type byte for byte; Express would re-format its parameters.
    const payload = outcome.body === undefined ? '' : typeof outcome.body === 'string' ? outcome.body : JSON.stringify(outcome.body);
    res.writeHead(outcome.status, { ...outcome.headers, 'Content-Length': Buffer.byteLength(payload) });
    res.end(payload);
  });
  return router;
}

function toGraphRequest(req: Request): GraphRequest {
  const questionMark = req.originalUrl.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method.toUpperCase(),
    path: req.path,
    query: questionMark < 0 ? '' : req.originalUrl.slice(questionMark + 1),
    headers,
    body: Buffer.isBuffer(req.body) ? parseBody(req.body.toString('utf8')) : undefined,
  };
}
