import { PLACEHOLDER_ACCOUNTS, type StageConfig } from '../stages.ts';

/**
 * The names a stateful stack gives its resources. CloudFormation cannot create a named resource
 * whose name is taken, so before a first create none of them may exist outside the stack.
 */
export interface FixedNames {
  tables: string[];
  queues: string[];
  secrets: string[];
  /** KMS aliases (`alias/...`). */
  aliases: string[];
  logGroups: string[];
}

/**
 * What preflight asks of the target account, read-only. The AWS adapter answers with SDK calls
 * (`aws-probe.ts`); tests answer with a fake account.
 */
export interface AccountProbe {
  /** The account the credentials belong to (STS GetCallerIdentity). */
  callerAccount(): Promise<string>;
  /** The CDK bootstrap version in the region (SSM `/cdk-bootstrap/hnb659fds/version`), if bootstrapped. */
  bootstrapVersion(): Promise<number | undefined>;
  /**
   * The stack's CloudFormation status (`CREATE_COMPLETE`, `ROLLBACK_COMPLETE`…) and whether its
   * termination protection is on, or `undefined` when there is none (deleted included).
   */
  stack(stackName: string): Promise<{ status: string; terminationProtection: boolean } | undefined>;
  /** Which of the names exist in the account (secrets scheduled for deletion included), as `kind name`. */
  takenNames(names: FixedNames): Promise<string[]>;
  /** SNS SMS: whether the account is still in the SMS sandbox, and the spend limit set now (USD). */
  smsAccount(): Promise<{ inSandbox: boolean; monthlySpendLimitUsd: number }>;
  /** The account's Lambda concurrent executions limit. */
  lambdaConcurrency(): Promise<number>;
  /**
   * Of the named secrets of the deployed stack `stackName`: those that still hold only the value
   * generated at creation; those that do not exist yet (the next deploy creates them: a company
   * added since the last one); and those that exist outside the stack (retained when their company
   * was removed: creating them again fails with "already exists").
   */
  exchangedSecrets(
    stackName: string,
    secretNames: string[],
  ): Promise<{ generated: string[]; absent: string[]; outsideStack: string[] }>;
}

export type Verdict = 'pass' | 'warn' | 'fail';

export interface Finding {
  verdict: Verdict;
  check: string;
  /** What was found and, unless it passed, what to do next. */
  message: string;
}

export interface PreflightInput {
  config: StageConfig;
  statefulStackName: string;
  statelessStackName: string;
  /** The stateful stack's named resources (from its synthesized template). */
  fixedNames: FixedNames;
  /** Secrets whose value a maintainer must put (exchanged with a company, the carrier or a platform). */
  exchangedSecrets: string[];
}

/** The bootstrap version the synthesized templates require (their CheckBootstrapVersion rule). */
export const REQUIRED_BOOTSTRAP_VERSION = 6;

/** Stand-ins the repository ships: `.example` hosts, `…-placeholder` ids, runs of zeros, `SMS_0000…` template codes. */
const PLACEHOLDER = /\.example\b|placeholder|0{12}|^SMS_0{6,}\d*$/i;

/** Whether a configuration value is one of the repository's stand-ins. */
export function isStandIn(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** Every string in the stage configuration that is still a stand-in, as `path: value`. */
export function placeholdersIn(config: StageConfig): string[] {
  const found: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (isStandIn(value)) found.push(`${path}: ${value}`);
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, path ? `${path}.${key}` : key);
    }
  };
  visit({ ...config, account: undefined }, '');
  return found;
}

/**
 * Statuses of a stack whose first create failed or never ran. `cdk deploy` deletes a stack in
 * `ROLLBACK_COMPLETE` or `ROLLBACK_FAILED` and creates it again (aws-cdk `StackStatus.isCreationFailure`);
 * `REVIEW_IN_PROGRESS` holds a change set that was never executed, and no resource.
 */
const NEVER_CREATED = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'REVIEW_IN_PROGRESS']);

/** Whether a stack of that status holds its resources (it was created, whatever happened since). */
function created(status: string | undefined): boolean {
  return status !== undefined && !NEVER_CREATED.has(status);
}

/** The command that bootstraps the stage's account and region (`cdk/src/preflight/cli.ts --bootstrap`). */
export function bootstrapCommand(config: StageConfig): string {
  return `npm run bootstrap -- --stage ${config.stage}`;
}

/** A stage that real citizens use: stand-ins and an SMS sandbox there fail, elsewhere they warn. */
function isPublic(config: StageConfig): boolean {
  return config.stage === 'prod' || config.stage === 'china';
}

/**
 * What to do when the AWS SDK found no usable credentials (`CredentialsProviderError` and its
 * kin: an unknown profile, an expired SSO token, keys AWS does not recognise), or `undefined` when
 * `error` is something else. One line, naming the profile and region the stage needs.
 */
export function credentialsProblem(error: unknown, config: StageConfig): string | undefined {
  const name = error instanceof Error ? error.name : '';
  if (
    !/Credential|TokenProvider|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch/.test(
      name,
    )
  )
    return undefined;
  const profile = process.env.AWS_PROFILE
    ? `the profile "${process.env.AWS_PROFILE}" gave none that work`
    : 'none found';
  return `no usable AWS credentials (${name}: ${profile}). Use the ${config.stage} account's (${config.account}) credentials: export AWS_PROFILE=occ-${config.stage} AWS_REGION=${config.region} after aws configure sso (or aws configure --profile occ-${config.stage}), and aws sso login if the session expired (docs/deploy.md §2)`;
}

/**
 * Everything that can be known to break a deploy, or a first day, before `cdk deploy` runs: the
 * account (pinned, not a placeholder, the credentials' own), the bootstrap, names left behind by an
 * earlier failed or deleted stack, SMS sandbox and spend limit, Lambda concurrency, secrets still
 * at their generated value, stand-ins left in the stage configuration, and alarm recipients (none
 * fails prod and china). Read-only.
 */
export async function preflight(input: PreflightInput, probe: AccountProbe): Promise<Finding[]> {
  const { config } = input;
  const findings: Finding[] = [];
  const add = (verdict: Verdict, check: string, message: string) =>
    findings.push({ verdict, check, message });
  const strict: Verdict = isPublic(config) ? 'fail' : 'warn';

  // What the configuration still lacks is known without credentials: listed first, every run.
  const standIns = placeholdersIn(config);
  if (standIns.length > 0) {
    add(strict, 'configuration', `stand-ins left in cdk/src/stages.ts: ${standIns.join('; ')}`);
  } else add('pass', 'configuration', 'no stand-in left in the stage configuration');
  if (config.alarmEmails.length === 0) {
    add(
      strict,
      'alarm-recipients',
      `alarmEmails is empty in cdk/src/stages.ts: every alarm, the budget and the smoke check would notify nobody. Put the on-call addresses there (docs/deploy.md §10)`,
    );
  } else add('pass', 'alarm-recipients', `${config.alarmEmails.length} alarm recipient(s)`);

  if ((Object.values(PLACEHOLDER_ACCOUNTS) as string[]).includes(config.account)) {
    add(
      'fail',
      'account',
      `stage ${config.stage} is pinned to the stand-in account ${config.account}: put the stage's own account id in STAGES.${config.stage}.account of cdk/src/stages.ts`,
    );
    return findings;
  }
  let caller: string;
  try {
    caller = await probe.callerAccount();
  } catch (error) {
    const problem = credentialsProblem(error, config);
    if (problem === undefined) throw error;
    add('fail', 'credentials', problem);
    return findings;
  }
  if (caller !== config.account) {
    add(
      'fail',
      'account',
      `the credentials are for account ${caller}, but stage ${config.stage} deploys only to ${config.account}: use that account's profile`,
    );
    return findings;
  }
  add('pass', 'account', `credentials for ${config.account}, the ${config.stage} account`);

  const bootstrap = await probe.bootstrapVersion();
  if (bootstrap === undefined || bootstrap < REQUIRED_BOOTSTRAP_VERSION) {
    add(
      'fail',
      'bootstrap',
      `${bootstrap === undefined ? 'not bootstrapped' : `bootstrap version ${bootstrap}`} in ${config.region}: run ${bootstrapCommand(config)} (docs/deploy.md §5)`,
    );
  } else add('pass', 'bootstrap', `CDK bootstrap version ${bootstrap} in ${config.region}`);

  const statefulStack = await probe.stack(input.statefulStackName);
  const statefulStatus = statefulStack?.status;
  if (!created(statefulStatus)) {
    if (statefulStatus === 'ROLLBACK_FAILED') {
      // The rollback could not delete a protected table, and kept what the tables depend on.
      add(
        'fail',
        'failed-create',
        `${input.statefulStackName} is ROLLBACK_FAILED: its first create failed after its tables existed, their deletion protection refused the rollback's delete, and what they depend on (keys, log groups) stayed with them. None of it holds data: clean it up as docs/deploy.md §11 "Teardown" does for prod (record the keys, aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${input.statefulStackName}, destroy it, then remove what it kept), then deploy again (§6)`,
      );
    } else if (statefulStack?.terminationProtection && statefulStatus === 'ROLLBACK_COMPLETE') {
      // cdk deploy turns protection on before it executes the first change set, so a first create
      // that rolled back leaves a protected, empty stack that its retry cannot delete.
      add(
        'fail',
        'failed-create',
        `${input.statefulStackName} is ${statefulStatus} from a first create that failed, with termination protection on, so cdk deploy cannot delete it to create it again. It holds no resource: run aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${input.statefulStackName}, then deploy again (docs/deploy.md §6)`,
      );
    }
    const retry =
      statefulStatus === undefined
        ? `${input.statefulStackName} does not exist`
        : `${input.statefulStackName} is ${statefulStatus} from a first create that failed; cdk deploy deletes it and creates it again`;
    const taken = await probe.takenNames(input.fixedNames);
    if (taken.length > 0) {
      // A rollback cannot delete a table whose deletion protection is on: it is left behind.
      const tables = input.fixedNames.tables.filter((table) => taken.includes(`table ${table}`));
      const unprotect = tables
        .map(
          (table) =>
            `aws dynamodb update-table --table-name ${table} --no-deletion-protection-enabled && aws dynamodb delete-table --table-name ${table}`,
        )
        .join('; ');
      add(
        'fail',
        'leftovers',
        `${retry}, yet these names are taken, so its create would fail with "already exists": ${taken.join('; ')}. If they are left from an earlier try, delete them (docs/deploy.md §6 "A failed first deploy", §11 "Teardown")${unprotect ? `; the tables keep their deletion protection: ${unprotect}` : ''}; a secret scheduled for deletion can be restored or removed at once with aws secretsmanager delete-secret --force-delete-without-recovery`,
      );
    } else add('pass', 'leftovers', `${retry}; no name of the stateful stack is taken`);
  } else {
    // Refusing a deploy over an unput secret is a reminder for a running service; until the first
    // deploy has created both stacks (a retry after a failed stateless create), it only warns.
    const serving = created((await probe.stack(input.statelessStackName))?.status);
    const { generated, absent, outsideStack } = await probe.exchangedSecrets(
      input.statefulStackName,
      input.exchangedSecrets,
    );
    if (outsideStack.length > 0) {
      add(
        'fail',
        'retained-secrets',
        `${outsideStack.join(', ')} exist in the account but not in ${input.statefulStackName}: retained when a company was removed, so this deploy would fail with "already exists" when it creates them again. Delete each (it holds the old key): aws secretsmanager delete-secret --force-delete-without-recovery --secret-id NAME (docs/deploy.md §12)`,
      );
    }
    if (generated.length > 0) {
      add(
        serving ? strict : 'warn',
        'secrets',
        `still at the value generated at creation: ${generated.join(', ')}. Put the value agreed with each party (docs/deploy.md §7 "Secrets")${serving ? '' : ' once this first deploy has finished'}`,
      );
    } else add('pass', 'secrets', 'every exchanged secret has been put');
    if (absent.length > 0) {
      add(
        'warn',
        'new-secrets',
        `created by this deploy with a generated value (a company added since the last deploy): ${absent.join(', ')}. Put each agreed value and roll the functions right after it (docs/deploy.md §12)`,
      );
    }
  }

  if (config.sms.gateway === 'sns') {
    const sms = await probe.smsAccount();
    if (sms.inSandbox) {
      add(
        strict,
        'sms',
        'the account is in the SNS SMS sandbox: only verified numbers receive SMS. Ask AWS Support to move it to production (docs/deploy.md §4)',
      );
    } else add('pass', 'sms', 'the account sends SMS outside the SNS sandbox');
    if (sms.monthlySpendLimitUsd < config.sms.monthlySpendLimitUsd) {
      add(
        'warn',
        'sms-spend',
        `the SMS spend limit is ${sms.monthlySpendLimitUsd} USD and the deploy sets ${config.sms.monthlySpendLimitUsd} USD: that fails unless AWS has raised the account's SMS spend quota (a support case); the stack then rolls back cleanly`,
      );
    } else add('pass', 'sms-spend', `SMS spend limit ${sms.monthlySpendLimitUsd} USD`);
  }

  const concurrency = await probe.lambdaConcurrency();
  if (concurrency < config.quotas.lambdaConcurrency) {
    add(
      strict,
      'lambda-concurrency',
      `the account may run ${concurrency} Lambda functions at once; the stage needs ${config.quotas.lambdaConcurrency}: request the quota increase in Service Quotas`,
    );
  } else add('pass', 'lambda-concurrency', `${concurrency} concurrent Lambda executions`);
  return findings;
}

/** One line per finding, failures first. */
export function formatFindings(findings: Finding[]): string {
  const order: Verdict[] = ['fail', 'warn', 'pass'];
  const mark: Record<Verdict, string> = { fail: 'FAIL', warn: 'WARN', pass: 'ok  ' };
  return [...findings]
    .sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict))
    .map((finding) => `${mark[finding.verdict]} ${finding.check}: ${finding.message}`)
    .join('\n');
}
