import { Button, Caption1, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ApiError } from '../api/client.ts';

const useStyles = makeStyles({
  // Pages are flex columns whose list takes the rest of the height: a bar allowed to shrink was squeezed to its
  // title once the summary charts loaded above it, and its explanation and Retry slid under the list.
  root: { flexShrink: 0 },
});

/**
 * A failure as an admin should see it: the product's message for the situation, the server's explanation,
 * the correlation id (small, for support) and Retry where retrying can help. Never raw JSON.
 */
export function ErrorBar({ title, error, onRetry }: { title: string; error: ApiError; onRetry?: () => void }) {
  const styles = useStyles();
  const detail = error.message && error.message !== title ? error.message : undefined;
  return (
    <MessageBar className={styles.root} intent="error" layout="multiline" data-testid="error-bar" data-code={error.code}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail && <div>{detail}</div>}
        {error.issues.length > 0 && (
          <ul>
            {error.issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                {issue.path}: {issue.message}
              </li>
            ))}
          </ul>
        )}
        {error.correlationId && (
          <Caption1 block data-testid="correlation-id">
            Correlation id: {error.correlationId}
          </Caption1>
        )}
      </MessageBarBody>
      {onRetry && error.retryable && (
        <MessageBarActions>
          <Button onClick={onRetry}>Retry</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
