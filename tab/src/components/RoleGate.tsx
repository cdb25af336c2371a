import { Tooltip } from '@fluentui/react-components';
import type { ReactElement } from 'react';

/**
 * Wraps a control the signed-in role cannot use: the control is rendered disabled by its owner, and this adds
 * a focusable hover target whose tooltip names the role that would allow it.
 */
export function RoleGate({ allowed, role, children }: { allowed: boolean; role: string; children: ReactElement }) {
  if (allowed) return children;
  return (
    <Tooltip content={`Needs the ${role} role`} relationship="description" withArrow>
      <span tabIndex={0} data-role-needed={role} style={{ display: 'inline-flex' }}>
        {children}
      </span>
    </Tooltip>
  );
}
