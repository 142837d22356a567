import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.ts';
import { PLACEHOLDER_ACCOUNTS, stageFromContext } from '../stages.ts';
import { StatefulStack } from '../stateful-stack.ts';
import { StatelessStack } from '../stateless-stack.ts';
import { awsAccountProbe } from './aws-probe.ts';
import { cdkArgs } from './cdk-cli.ts';
import { formatFindings, preflight } from './checks.ts';
import { fixedNamesOf } from './fixed-names.ts';

/**
 * `npm run preflight -- --stage prod`: read-only checks of the stage's account before a deploy
 * (cdk/src/preflight/checks.ts). `npm run deploy -- --stage prod` runs them, then `cdk deploy --all`
 * for the stage when none failed; arguments after the stage go to `cdk deploy`.
 * `npm run bootstrap -- --stage prod` runs `cdk bootstrap` for the stage's account and region with
 * the stage named: the CDK CLI synthesizes the app while it bootstraps, and the app refuses the
 * credentials of any account but its stage's (a bare `cdk bootstrap` synthesizes `dev`).
 * The stage may also be given as CDK does: `--context stage=prod`.
 */
const USAGE = `usage: npm run preflight -- --stage NAME     read-only checks of the stage's account (exit 1 on any FAIL)
       npm run deploy -- --stage NAME [cdk deploy options]   preflight, then cdk deploy --all for the stage
       npm run bootstrap -- --stage NAME [cdk bootstrap options]   cdk bootstrap of the stage's account and region
stages: dev, prod, sandbox, china (cdk/src/stages.ts); default dev. Credentials: the stage account's
profile, e.g. export AWS_PROFILE=occ-prod AWS_REGION=ap-southeast-1 (docs/deploy.md).`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const mode = args[0] === '--deploy' ? 'deploy' : args[0] === '--bootstrap' ? 'bootstrap' : 'preflight';
const rest = mode === 'preflight' ? args : args.slice(1);
let stage = 'dev';
const passOn: string[] = [];
for (let i = 0; i < rest.length; i++) {
  const arg = rest[i] ?? '';
  if (arg === '--stage') stage = rest[++i] ?? stage;
  else if (arg.startsWith('--stage=')) stage = arg.slice('--stage='.length);
  else if ((arg === '--context' || arg === '-c') && rest[i + 1]?.startsWith('stage='))
    stage = (rest[++i] ?? '').slice(6);
  else passOn.push(arg);
}

const cdkDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cdk = (command: string[]) => {
  const run = spawnSync('npx', cdkArgs(command, stage, passOn), {
    cwd: cdkDir,
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
};

if (mode === 'bootstrap') {
  const config = stageFromContext(stage);
  if ((Object.values(PLACEHOLDER_ACCOUNTS) as string[]).includes(config.account)) {
    console.error(
      `stage ${stage} is pinned to the stand-in account ${config.account}: put the stage's own account id in STAGES.${stage}.account of cdk/src/stages.ts first (docs/deploy.md §2)`,
    );
    process.exit(1);
  }
  cdk(['bootstrap', `aws://${config.account}/${config.region}`]);
}

const app = createApp({ stage, 'aws:cdk:bundling-stacks': [] });
const assembly = app.synth();
const stateful = app.node.children.find((child): child is StatefulStack => child instanceof StatefulStack);
const stateless = app.node.children.find((child): child is StatelessStack => child instanceof StatelessStack);
if (!stateful || !stateless) throw new Error('the app lacks a stack');
const template = assembly.getStackByName(stateful.stackName).template;
const findings = await preflight(
  {
    config: stateful.config,
    statefulStackName: stateful.stackName,
    statelessStackName: stateless.stackName,
    fixedNames: fixedNamesOf(template),
    exchangedSecrets: stateful.exchangedSecretNames,
  },
  awsAccountProbe(stateful.config.region),
);
console.log(`Preflight of stage ${stage} (account ${stateful.config.account}, ${stateful.config.region}):`);
console.log(formatFindings(findings));
if (findings.some((finding) => finding.verdict === 'fail')) {
  console.error('\nNot ready: fix each FAIL above first (docs/deploy.md).');
  process.exit(1);
}
if (mode === 'deploy') cdk(['deploy', '--all']);
