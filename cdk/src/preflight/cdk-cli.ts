/**
 * The arguments of `npx` for a CDK CLI command on one stage: the stage goes in as context on every
 * command, `bootstrap` included, because the CLI synthesizes the app for all of them and the app
 * refuses credentials of any account but its stage's (without the context it builds `dev`).
 * `passOn` are the caller's own options, last.
 */
export function cdkArgs(command: readonly string[], stage: string, passOn: readonly string[] = []): string[] {
  return ['cdk', ...command, '--context', `stage=${stage}`, ...passOn];
}
