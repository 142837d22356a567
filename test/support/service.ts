import { type RunningService, type Scenario, startService } from '@occ/local';
import { Journey, makeSubscribers, type Subscriber } from './journey.ts';

export interface TestService {
  service: RunningService;
  journey: Journey;
  subscribers: Subscriber[];
}

/** The eight launch companies answering at once, unless a test says otherwise. */
export function quickScenario(subscribers: Subscriber[], overrides: Partial<Scenario> = {}): Scenario {
  const fast = { mode: 'sync' as const, latencyMs: 5 };
  return {
    subscribers,
    companies: Object.fromEntries(
      ['tencent', 'alibaba', 'alipay', 'baidu', 'kuaishou', 'douyin', 'jd', 'meituan'].map((id) => [
        id,
        { ...fast },
      ]),
    ),
    service: { partnerTimeoutMs: 500, partnerMaxAttempts: 2, asyncPollSeconds: 1, asyncDeadlineSeconds: 30 },
    ...overrides,
  };
}

/** One in-memory service on a free port, with `count` in-service subscribers. */
export async function startTestService(
  options: { subscribers?: number; scenario?: (subscribers: Subscriber[]) => Scenario; prefix?: string } = {},
): Promise<TestService> {
  const subscribers = makeSubscribers(options.subscribers ?? 20, 0, options.prefix);
  const scenario = options.scenario ? options.scenario(subscribers) : quickScenario(subscribers);
  const service = await startService({ port: 0, dataDir: ':memory:', quiet: true, scenario });
  return { service, journey: new Journey(service.baseUrl), subscribers };
}
