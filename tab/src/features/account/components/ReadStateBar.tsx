import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { SignInHealth } from '../../../../../contract/index.ts';

type ReadState = Pick<SignInHealth['activity'], 'status' | 'reason'>;

/**
 * Why a part of the sign-in health has no data: the API's reason names what is missing (Entra ID P1, or the
 * least-privileged role that may read it), so the admin sees what to ask for instead of an empty table.
 */
export function ReadStateBar({ part, what }: { part: ReadState; what: string }) {
  if (part.status === 'ok') return null;
  const fallback =
    part.status === 'unavailable'
      ? `The ${what} could not be read with your role.`
      : `The ${what} were not read in the last sync. Refresh the list to read them.`;
  return (
    <MessageBar
      intent={part.status === 'unavailable' ? 'warning' : 'info'}
      layout="multiline"
      data-testid="sign-in-unavailable"
      data-part={what}
    >
      <MessageBarBody>{part.reason ?? fallback}</MessageBarBody>
    </MessageBar>
  );
}
