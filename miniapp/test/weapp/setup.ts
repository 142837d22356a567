import { afterEach, beforeEach } from 'vitest';
import { fakeApi } from '../support/fake-api';
import { type Harness, installWeapp, type PageDriver, STANDARD_TEXT } from '../support/weapp-harness';

/** A clean device for each test: empty storage, no recorded calls, a fresh fake API. */
export function prepareSimulator(): {
  harness: Harness;
  api: () => ReturnType<typeof fakeApi>;
  track: (page: PageDriver) => PageDriver;
} {
  const harness = installWeapp();
  let api = fakeApi();
  const open: PageDriver[] = [];
  beforeEach(() => {
    harness.storage.clear();
    harness.calls.length = 0;
    harness.requests.length = 0;
    api = fakeApi();
    harness.setRequestHandler(api.handler);
    harness.setTextSize(STANDARD_TEXT);
  });
  afterEach(() => {
    for (const page of open.splice(0)) page.close();
  });
  return {
    harness,
    api: () => api,
    track: (page) => {
      open.push(page);
      return page;
    },
  };
}

/** The wx API calls of one kind, in order. */
export function callsOf(harness: Harness, api: string): Record<string, unknown>[] {
  return harness.calls.filter((call) => call.api === api).map((call) => call.options);
}
