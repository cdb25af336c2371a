import { z } from 'zod';

/**
 * Imported first by every page's entry, before the contract builds a schema. Zod compiles each object schema's
 * parser with `new Function` when it may, and finds out by trying once while the schema is built. The API's CSP
 * has no 'unsafe-eval', so the browser refuses the try and reports a CSP violation on every page load; jitless
 * skips both the try and the compiled path (same results, parsed by the plain path).
 */
z.config({ jitless: true });
