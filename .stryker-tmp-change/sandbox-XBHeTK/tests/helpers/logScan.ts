/** What the whole-suite log scan looks for: anything that would let a reader of the logs act as someone. */
// @ts-nocheck

const PATTERNS: { kind: string; pattern: RegExp }[] = [
  { kind: 'a JWT', pattern: /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/ },
  { kind: 'a bearer token', pattern: /Bearer\s+(?!\[redacted)[A-Za-z0-9\-_.~+/]{8,}/i },
  { kind: 'an Authorization header', pattern: /"(?:proxy-)?authorization"\s*:\s*(?!"\[redacted\]")/i },
  { kind: 'an Authorization header', pattern: /authorization['"]?\s*[:=]\s*['"]?(?:Bearer|Basic)\s+(?!\[redacted)\S/i },
  { kind: 'a client secret parameter', pattern: /client_secret=(?!\[redacted)[^&\s"]/i },
];

export interface SecretFinding {
  /** 1-based line number in the scanned text. */
  line: number;
  event: string;
  kind: string;
}

/**
 * Scan JSON log lines for tokens, `Authorization` headers and the given secret values. Findings name the
 * line and what was found, never the value, so reporting them does not leak it again.
 */
export function scanLogText(text: string, secrets: readonly string[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line) return;
    const kinds = [
      ...PATTERNS.filter(({ pattern }) => pattern.test(line)).map(({ kind }) => kind),
      ...(secrets.some((secret) => secret.length >= 8 && line.includes(secret)) ? ['a client secret'] : []),
    ];
    for (const kind of new Set(kinds)) findings.push({ line: index + 1, event: eventOf(line), kind });
  });
  return findings;
}

function eventOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { event?: unknown };
    return typeof parsed.event === 'string' ? parsed.event : '(no event)';
  } catch {
    return '(not JSON)';
  }
}
