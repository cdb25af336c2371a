// @ts-nocheck
import { Tooltip } from '@fluentui/react-components';
import type { ReactElement } from 'react';

/** The hint shown when the sign-in's roles do not show one for a change: Microsoft 365 still decides. */
export function roleHint(role: string, also?: string): string {
  return `Your sign-in shows no role for this change; Microsoft 365 decides when you save (you need ${role}${also ? ` or ${also}` : ''}).`;
}

/**
 * Wraps a control whose change the sign-in's roles (the token's `wids`) do not show. The control stays
 * enabled: Exchange role groups and roles scoped to an administrative unit never show there, so Microsoft
 * 365 decides when the admin saves. This adds a focusable hover target whose tooltip says so and names the role.
 */
export function RoleGate({ allowed, role, also, children }: { allowed: boolean; role: string; also?: string; children: ReactElement }) {
  if (allowed) return children;
  return (
    <Tooltip content={roleHint(role, also)} relationship="description" withArrow>
      <span tabIndex={0} data-role-needed={role} style={{ display: 'inline-flex' }}>
        {children}
      </span>
    </Tooltip>
  );
}
