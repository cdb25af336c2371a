// Evidence: docs/microsoft-365.md#exo-invoke
import type { Stats } from '../../stats.ts';
import type { Tenant } from '../../tenant/model.ts';
import type { BackendNames } from '../backend.ts';
import type { PageRequest } from '../paging.ts';
import { bindParameters, type BoundParameters, type Parameter, type ParameterTable } from '../parameters.ts';

/** What a cmdlet may use: the caller's tenant, the write counters, server names for messages, and paging. */
export interface CmdletEnv {
  tenant: Tenant;
  stats: Stats;
  backend: BackendNames;
  page: PageRequest;
}

/** One cmdlet output object, with Exchange's PascalCase property names. */
export type ExchangeObject = Record<string, unknown>;

export interface CmdletOutput {
  value: ExchangeObject[];
  /** `@adminapi.warnings`: what PowerShell would print as WARNING lines. */
  warnings: string[];
  nextSkipToken?: string;
}

/** The Exchange RBAC a cmdlet needs; invoke.ts maps it to the directory roles of policy.ts. */
export type CmdletRight = 'readRecipients' | 'writeRecipients' | 'writePlaces';

export interface Cmdlet {
  name: string;
  right: CmdletRight;
  /** What its -Identity names (the parameter's .NET type), if it takes one. */
  identityType?: string;
  /** Bind the raw `Parameters` and run; throws ExchangeError for any failure, having changed nothing. */
  invoke(parameters: Record<string, unknown>, env: CmdletEnv): CmdletOutput;
}

/** Bound parameters where the mandatory ones are known to be present. */
export type CmdletArguments<T extends ParameterTable, M extends keyof T> = BoundParameters<T> & {
  [K in M]-?: T[K] extends Parameter<infer V> ? V : never;
};

export interface CmdletDefinition<T extends ParameterTable, M extends keyof T & string> {
  name: string;
  right: CmdletRight;
  parameters: T;
  mandatory?: readonly M[];
  run(args: CmdletArguments<T, M>, env: CmdletEnv): CmdletOutput;
}

/** A cmdlet from its parameter table and a `run` that receives the bound, converted parameters. */
export function defineCmdlet<T extends ParameterTable, M extends keyof T & string = never>(definition: CmdletDefinition<T, M>): Cmdlet {
  const mandatory: readonly string[] = definition.mandatory ?? [];
  return {
    name: definition.name,
    right: definition.right,
    ...(definition.parameters.Identity?.identityType ? { identityType: definition.parameters.Identity.identityType } : {}),
    invoke: (parameters, env) => definition.run(bindParameters(definition.parameters, parameters, mandatory) as CmdletArguments<T, M>, env),
  };
}

/** Exchange's warning for a Set-* call whose values were already in place. */
export function unchangedWarning(identity: string): string {
  return `The command completed successfully but no settings of '${identity}' have been modified.`;
}
