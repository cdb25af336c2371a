/** A problem the person packaging can fix (missing value, invalid manifest): printed without a stack trace. */
// @ts-nocheck

export class PackageError extends Error {
  override name = 'PackageError';
}
