/** The stack's output names: the stack emits them, `npm run cloud:config` reads exactly these. */
export const outputNames = {
  endpoint: 'GraphqlEndpoint',
  region: 'Region',
  userPoolId: 'UserPoolId',
  userPoolClientId: 'UserPoolClientId',
  hostedUiDomain: 'HostedUiDomain',
  redirectSignIn: 'RedirectSignIn',
  redirectSignOut: 'RedirectSignOut',
} as const;
