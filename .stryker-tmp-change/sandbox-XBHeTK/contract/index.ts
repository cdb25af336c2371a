/** The API contract shared by `api/` and `tab/`: zod schemas and their types. */
// @ts-nocheck

export * from './errors.ts';
export * from './accounts.ts';
export * from './signIn.ts';
export * from './session.ts';
export * from './baseline.ts';
export * from './changes.ts';
export * from './messages.ts';
export * from './jobs.ts';
