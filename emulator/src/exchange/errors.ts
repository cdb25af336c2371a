// Evidence: docs/microsoft-365.md#exo-errors
/**
 * Exchange admin API failures, shaped as the live service sends them (captured bodies quoted in public client
 * tests): a generic `error.message` ("Invalid Operation" / "Error executing cmdlet"), the cmdlet's own text in
 * `details[0].message` as `<ErrorId>|<ExceptionType>|<text>`, and again in `innererror.internalexception`.
 */

/** The generic headline Exchange puts above the cmdlet's text: binding problems versus execution problems. */
export type Headline = 'Invalid Operation' | 'Error executing cmdlet';

export interface ExchangeErrorInit {
  status: number;
  code: string;
  /** Full .NET type name of the server-side exception. */
  type: string;
  message: string;
  headline?: Headline;
  /** Exchange's error id prefix (`Ex6F9304`); empty for PowerShell binding errors, as on the wire. */
  errorId?: string;
  headers?: Record<string, string>;
}

export class ExchangeError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly headline: Headline;
  readonly errorId: string;
  readonly headers: Record<string, string>;

  constructor(init: ExchangeErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.type = init.type;
    this.headline = init.headline ?? 'Error executing cmdlet';
    this.errorId = init.errorId ?? '';
    this.headers = init.headers ?? {};
  }

  /** The JSON body, with the same empty warnings list the service appends inside `error`. */
  toBody(): Record<string, unknown> {
    return {
      error: {
        code: this.code,
        message: this.headline,
        details: [{ code: 'Client', target: '', message: `${this.errorId}|${this.type}|${this.message}` }],
        innererror: {
          message: this.headline,
          type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException',
          stacktrace: '',
          internalexception: { message: this.message, type: this.type, stacktrace: '' },
        },
        'adminapi.warnings@odata.type': '#Collection(String)',
        '@adminapi.warnings': [],
      },
    };
  }
}

const badRequest = (type: string, message: string, headline: Headline, errorId = ''): ExchangeError =>
  new ExchangeError({ status: 400, code: 'BadRequest', type, message, headline, errorId });

const TRANSFORMATION = 'Microsoft.Exchange.AdminApi.CommandInvocation.ParameterTransformationException';
const BINDING = 'System.Management.Automation.ParameterBindingException';
const VALIDATION = 'System.Management.Automation.ParameterBindingValidationException';

/** Errors a cmdlet or the parameter binder raises (HTTP 400; Exchange never answers 404 for a missing object). */
export const cmdletErrors = {
  notFound: (identity: string, directoryServer: string) =>
    badRequest(
      'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
      `The operation couldn't be performed because object '${identity}' couldn't be found on '${directoryServer}'.`,
      'Error executing cmdlet',
      'Ex6F9304',
    ),
  unknownCmdlet: (name: string) =>
    badRequest(
      'System.Management.Automation.CommandNotFoundException',
      `The term '${name}' is not recognized as a name of a cmdlet, function, script file, or executable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
      'Invalid Operation',
    ),
  /** The live service's text for a parameter the cmdlet doesn't have. */
  unknownParameter: (name: string) =>
    badRequest(
      'Microsoft.Exchange.AdminApi.CommandInvocation.AmbiguousParameterSetException',
      `Parameter set cannot be resolved using the specified named parameters. Invalid cmdlet parameters specified. ${name}`,
      'Invalid Operation',
    ),
  duplicateParameter: (name: string) =>
    badRequest(
      BINDING,
      `Cannot bind parameter because parameter '${name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`,
      'Invalid Operation',
    ),
  missingMandatory: (names: string[]) =>
    badRequest(
      BINDING,
      `Cannot process command because of one or more missing mandatory parameters: ${names.join(' ')}.`,
      'Invalid Operation',
    ),
  nullArgument: (name: string) =>
    badRequest(VALIDATION, `Cannot bind argument to parameter '${name}' because it is null.`, 'Invalid Operation'),
  emptyArgument: (name: string) =>
    badRequest(VALIDATION, `Cannot bind argument to parameter '${name}' because it is an empty string.`, 'Invalid Operation'),
  /** PowerShell's argument transformation failure; `reason` is the converter's sentence after the parameter name. */
  transformation: (name: string, reason: string) =>
    badRequest(TRANSFORMATION, `Cannot process argument transformation on parameter '${name}'. ${reason}`, 'Invalid Operation'),
  aboveRange: (name: string, value: number, max: number) =>
    badRequest(
      VALIDATION,
      `Cannot validate argument on parameter '${name}'. The ${value} argument is greater than the maximum allowed range of ${max}. Supply an argument that is less than or equal to ${max} and then try the command again.`,
      'Invalid Operation',
    ),
  belowRange: (name: string, value: number, min: number) =>
    badRequest(
      VALIDATION,
      `Cannot validate argument on parameter '${name}'. The ${value} argument is less than the minimum allowed range of ${min}. Supply an argument that is greater than or equal to ${min} and then try the command again.`,
      'Invalid Operation',
    ),
  invalidFilter: (filter: string, position: number) =>
    badRequest(
      BINDING,
      `Cannot bind parameter 'Filter' to the target. Exception setting "Filter": "Invalid filter syntax. For a description of the filter parameter syntax see the command help.\n"${filter}" at position ${position}."`,
      'Invalid Operation',
    ),
  /** A cmdlet refused the request after binding (a task error with its own Exchange error id). */
  task: (type: string, message: string, errorId: string) => badRequest(type, message, 'Error executing cmdlet', errorId),
  /** A `$skiptoken` that is stale (30 minutes), malformed, or replayed with a different body. */
  invalidPagination: () =>
    badRequest('System.Exception', 'Expired or Invalid pagination request. Default Expiry time is 00:30:00', 'Invalid Operation'),
  malformedBody: (detail: string) =>
    badRequest(
      'Microsoft.OData.ODataException',
      `The request body isn't a valid InvokeCommand payload: ${detail}. Expected {"CmdletInput":{"CmdletName":"<name>","Parameters":{...}}}.`,
      'Invalid Operation',
    ),
  /** A `$batch` envelope we cannot run (docs/microsoft-365.md#exo-batch; the live wording is unverified). */
  malformedBatch: (detail: string) =>
    badRequest('Microsoft.OData.ODataException', `The batch request isn't valid: ${detail}.`, 'Invalid Operation'),
  unsupportedResponseFormat: (format: string) =>
    badRequest('Microsoft.OData.ODataException', `The response format '${format}' isn't supported. Use 'json'.`, 'Invalid Operation'),
};

/** Errors raised before any cmdlet runs: authentication, authorization, throttling, injected faults. */
export const transportErrors = {
  unauthorized: (reason: string, authorizationUri: string) =>
    new ExchangeError({
      status: 401,
      code: 'Unauthorized',
      type: 'Microsoft.Exchange.Security.OAuth.OAuthTokenValidationException',
      message: reason,
      headline: 'Invalid Operation',
      headers: {
        'WWW-Authenticate': `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="${authorizationUri}", error="invalid_token"`,
      },
    }),
  accessDenied: (message: string) =>
    new ExchangeError({
      status: 403,
      code: 'AccessDenied',
      type: 'Microsoft.Exchange.Configuration.Tasks.CmdletAccessDeniedException',
      message,
      headline: 'Invalid Operation',
      errorId: 'Ex0A4C5B',
    }),
  throttled: (headers: Record<string, string>, message: string) =>
    new ExchangeError({
      status: 429,
      code: 'TooManyRequests',
      type: 'Microsoft.Exchange.Net.Throttling.ThrottlingException',
      message,
      headers,
    }),
  unavailable: (status: 503 | 504) =>
    new ExchangeError({
      status,
      code: status === 503 ? 'ServiceUnavailable' : 'GatewayTimeout',
      type: 'Microsoft.Exchange.Data.Storage.ConnectionFailedTransientException',
      message:
        status === 503
          ? 'The service is temporarily unavailable. Please try again later.'
          : "The backend server didn't respond in time. Please try again later.",
    }),
};
