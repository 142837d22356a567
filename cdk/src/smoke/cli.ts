import { randomInt } from 'node:crypto';
import { alarmReachesTopic, stackOutputs } from './aws.ts';
import { type CheckResult, formatResults, httpChecks, type SmokeTarget } from './checks.ts';

/**
 * `npm run smoke -- --stage NAME`: checks a deployed stage through its stack outputs (health, an
 * unknown route, CORS for the stage's origins, the smoke alarm reaching the alarm topic, and in a
 * stage with an outbox the whole journey; health on the stage's `domain` too, where it has one).
 * `npm run smoke -- --url BASE` checks any running service (the embedded default included: its
 * `/_local/outbox` is found by itself); add `--domain URL` (health there too), `--origin URL`
 * (repeatable), `--outbox URL`, `--phone N --id-suffix S`. Exit 0 only when all pass.
 */
const USAGE =
  'usage: npm run smoke -- --stage NAME | --url BASE [--domain URL] [--origin URL] [--outbox URL] [--phone N --id-suffix S]';
const args = process.argv.slice(2);
const value = (flag: string) => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const all = (flag: string) =>
  args.flatMap((arg, index) => (arg === flag && args[index + 1] ? [args[index + 1] as string] : []));

/** A fresh number of the demo scenario's smoke block (every `1990000xxxx` is a subscriber with ID suffix 010001). */
function smokeSubscriber(prefix = '1990000', idSuffix = '010001') {
  const rest = 11 - prefix.length;
  return { phone: `${prefix}${String(randomInt(10 ** rest)).padStart(rest, '0')}`, idSuffix };
}

async function localOutbox(base: string): Promise<string | undefined> {
  const url = `${base.replace(/\/+$/, '')}/_local/outbox`;
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    const body = (await answer.json()) as { messages?: unknown };
    return answer.ok && Array.isArray(body.messages) ? url : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const url = value('--url');
  const stage = value('--stage');
  const given = value('--phone')
    ? { phone: value('--phone') as string, idSuffix: value('--id-suffix') ?? '' }
    : undefined;
  let target: SmokeTarget;
  const extra: CheckResult[] = [];
  if (url) {
    const outboxUrl = value('--outbox') ?? (await localOutbox(url));
    const domainUrl = value('--domain');
    target = {
      baseUrl: url,
      ...(domainUrl ? { domainUrl } : {}),
      origins: all('--origin'),
      ...(outboxUrl ? { outboxUrl, subscriber: given ?? smokeSubscriber() } : {}),
    };
    console.log(`Smoke check of ${url}`);
  } else if (stage) {
    // Only here: the stage configuration loads the CDK library.
    const { stageFromContext } = await import('../stages.ts');
    const { credentialsProblem } = await import('../preflight/checks.ts');
    const config = stageFromContext(stage);
    const prefix = config.prefix.replace(/(^|-)(\w)/g, (_, _sep: string, letter: string) =>
      letter.toUpperCase(),
    );
    let outputs: Awaited<ReturnType<typeof stackOutputs>>;
    try {
      outputs = await stackOutputs(config.region, `${prefix}-Stateless`);
    } catch (error) {
      const problem = credentialsProblem(error, config);
      if (problem === undefined) throw error;
      console.log(formatResults([{ name: 'credentials', outcome: 'fail', detail: problem }]));
      return 1;
    }
    const range = config.simulation?.scenario.subscriberRanges?.[0];
    target = {
      baseUrl: outputs.ApiUrl ?? '',
      ...(config.domain ? { domainUrl: `https://${config.domain.name}` } : {}),
      origins: config.api.allowedOrigins,
      ...(outputs.OutboxUrl
        ? {
            outboxUrl: outputs.OutboxUrl,
            subscriber: given ?? smokeSubscriber(range?.prefix, range?.idSuffix),
          }
        : {}),
    };
    console.log(`Smoke check of stage ${stage} at ${target.baseUrl}`);
    if (outputs.SmokeAlarmName && outputs.SmokeQueueUrl) {
      extra.push(await alarmReachesTopic(config.region, outputs.SmokeAlarmName, outputs.SmokeQueueUrl));
    } else {
      extra.push({
        name: 'alarm',
        outcome: 'fail',
        detail: 'the stack has no SmokeAlarmName/SmokeQueueUrl output',
      });
    }
  } else {
    console.error(USAGE);
    return 2;
  }
  const results = [...(await httpChecks(target)), ...extra];
  console.log(formatResults(results));
  return results.some((result) => result.outcome === 'fail') ? 1 : 0;
}

process.exit(await main());
