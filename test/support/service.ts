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
    service: { partnerTimeoutMs: 500, partnerMaxAttempts: 2, asyncDeadlineSeconds: 30 },
    ...overrides,
  };
}

/** Quick scenario in which Tencent answers late, by callback, so a test decides when its lookup ends. */
export function tencentByCallback(subscribers: Subscriber[]): Scenario {
  const base = quickScenario(subscribers);
  return { ...base, companies: { ...base.companies, tencent: { mode: 'async', latencyMs: 600_000 } } };
}

/** A fresh subscriber on each call; `rest()` lists those not handed out yet. */
export interface SubscriberSupply {
  (): Subscriber;
  rest(): Subscriber[];
}

/** Hands out the service's subscribers one at a time, so limits and cooldowns of one test do not touch another. */
export function subscriberSupply(service: () => TestService): SubscriberSupply {
  let next = 0;
  const fresh = () => {
    const s = service().subscribers[next++];
    if (!s) throw new Error('out of subscribers');
    return s;
  };
  return Object.assign(fresh, { rest: () => service().subscribers.slice(next) });
}

/** A service on a free port that keeps its data in `dataDir`, so a second start resumes the first one's work. */
export function startOnDisk(dataDir: string, subscribers: Subscriber[]): Promise<RunningService> {
  return startService({ port: 0, dataDir, quiet: true, scenario: quickScenario(subscribers) });
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
