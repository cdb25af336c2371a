import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { AccountStatus } from '../../../contract/index.ts';

/** The three status labels of the Pro Management Portal. */
export const STATUS_LABEL: Record<AccountStatus, string> = {
  noActionNeeded: 'No Action Needed',
  needsAction: 'Needs Action',
  notAvailable: 'N/A',
};

const COLOR: Record<AccountStatus, BadgeProps['color']> = { noActionNeeded: 'success', needsAction: 'danger', notAvailable: 'informative' };

export function StatusBadge({ status }: { status: AccountStatus | null }) {
  if (!status) {
    // Not `color="subtle"`: that is white text for dark surfaces, invisible on the light theme's white rows
    // (issue 15). `informative` outline is neutral grey text and border, readable in every Teams theme.
    return (
      <Badge appearance="outline" color="informative" data-status="ungraded">
        Not graded
      </Badge>
    );
  }
  return (
    <Badge appearance="tint" color={COLOR[status]} data-status={status}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}
