import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ApplyResponse } from '../../../../../contract/index.ts';

/**
 * What a save or apply did: the success message when every change went through, otherwise the situation's
 * error message with each change that failed or was refused and why. Settings left to the admin (on-premises
 * AD, or no automatic fix) are listed with what to do, never as failures.
 */
export function ApplyResultBar({ response, failureTitle }: { response: Pick<ApplyResponse, 'message' | 'results'>; failureTitle: string }) {
  const problems = response.results.filter((result) => result.outcome === 'failed' || result.outcome === 'refused');
  const leftAlone = response.results.filter((result) => result.outcome === 'skipped');
  const notes =
    leftAlone.length > 0 ? (
      <ul data-testid="left-alone">
        {leftAlone.map((result) => (
          <li key={result.setting}>
            {result.setting}: {result.message ?? 'not changed by Room Accounts'}
          </li>
        ))}
      </ul>
    ) : null;
  if (problems.length === 0) {
    return (
      <MessageBar
        intent={leftAlone.length > 0 ? 'info' : 'success'}
        layout={leftAlone.length > 0 ? 'multiline' : 'auto'}
        data-testid="save-result"
      >
        <MessageBarBody>
          {response.message}
          {notes}
        </MessageBarBody>
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
              {result.setting}:{' '}
              {result.message ?? (result.outcome === 'refused' ? `needs the ${result.requiredRole ?? 'right'} role` : 'failed')}
            </li>
          ))}
        </ul>
        {notes}
      </MessageBarBody>
    </MessageBar>
  );
}
