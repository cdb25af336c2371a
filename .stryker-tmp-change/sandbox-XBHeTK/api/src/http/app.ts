// @ts-nocheck
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import express, { type RequestHandler } from 'express';
import type { Principal } from '../auth/principal.ts';
import { log } from '../log.ts';
import type { Services } from '../services.ts';
import { errorHandler, notFoundHandler } from './errorHandler.ts';
import { rateLimit } from './rateLimit.ts';
import { accountRoutes } from './routes/accounts.ts';
import { auditRoutes } from './routes/audit.ts';
import { baselineRoutes } from './routes/baseline.ts';
import { changeRoutes } from './routes/changes.ts';
import { jobRoutes } from './routes/jobs.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { sessionRoutes } from './routes/session.ts';
import { syncRoutes } from './routes/sync.ts';
import { securityHeaders } from './securityHeaders.ts';
import { tabStatic } from './staticTab.ts';
import { jsonBodiesOnly } from './validate.ts';

/** The Express app: `/api` (JSON, authenticated except health and demo sign-in) and the built tab at `/`. */
export function createApp(services: Services): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Flat queries (repeated keys become arrays) into null-prototype objects: no nesting, no prototype keys dropped silently.
  app.set('query parser', 'simple');
  app.use(correlation);
  app.use(securityHeaders(services.config));

  const api = express.Router();
  api.use(express.json({ limit: '256kb' }), jsonBodiesOnly);
  api.use(sessionRoutes(services, authenticate(services)));
  api.use(openApiRoutes());
  api.use(authenticate(services));
  api.use(rateLimit());
  api.use(syncRoutes(services));
  api.use(accountRoutes(services));
  api.use(changeRoutes(services));
  api.use(baselineRoutes(services));
  api.use(auditRoutes(services));
  api.use(jobRoutes(services));
  api.use(notFoundHandler);
  app.use('/api', api);

  if (services.tabDir && existsSync(services.tabDir)) {
    app.use(tabStatic(services.tabDir));
  }
  app.use(errorHandler);
  return app;
}

/** Each request gets a correlation id: in the response header, every log line and every error body. */
const correlation: RequestHandler = (req, res, next) => {
  const correlationId = randomUUID();
  res.locals.correlationId = correlationId;
  res.setHeader('x-correlation-id', correlationId);
  const started = process.hrtime.bigint();
  // Read now: inside a mounted router req.path loses its mount point, and most answers finish there.
  const path = req.path;
  res.on('finish', () => {
    if (!path.startsWith('/api')) return;
    log('info', 'request', {
      correlationId,
      method: req.method,
      path,
      status: res.statusCode,
      ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      tenantId: (res.locals.principal as Principal | undefined)?.tenantId,
    });
  });
  next();
};

function authenticate(services: Services): RequestHandler {
  return (req, res, next) => {
    services
      .validateToken(req.headers.authorization)
      .then((principal) => {
        res.locals.principal = principal;
        next();
      })
      .catch(next);
  };
}
