import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ApplyResponse } from '../../../../../contract/index.ts';

/**
 * What a save or apply did: the success message when every change went through, otherwise the situation's
 * error message with each change that failed or was refused and why.
 */
export function ApplyResultBar({ response, failureTitle }: { response: Pick<ApplyResponse, 'message' | 'results'>; failureTitle: string }) {
  const problems = response.results.filter((result) => result.outcome !== 'succeeded');
  if (problems.length === 0) {
    return (
      <MessageBar intent="success" data-testid="save-result">
        <MessageBarBody>{response.message}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="error" layout="multiline" data-testid="save-result">
      <MessageBarBody>
        <MessageBarTitle>{failureTitle}</MessageBarTitle>
        <ul>
          {problems.map((result) => (
            <li key={result.setting}>
              {result.setting}: {result.message ?? (result.outcome === 'refused' ? `needs the ${result.requiredRole ?? 'right'} role` : 'failed')}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
