import { describe, expect, it } from 'vitest';
import { COMPANIES, toCompanyView } from '../src/index.ts';

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

describe('company registry', () => {
  it.each(COMPANIES.map((company) => [company.id, company] as const))(
    'names %s, its apps and its unbinding steps in English with ASCII punctuation',
    (_, company) => {
      expect(company.appsEn).toHaveLength(company.apps.length);
      for (const text of [company.name.en, company.unbindGuide.en, ...company.appsEn]) {
        expect(text).toMatch(PRINTABLE_ASCII);
      }
    },
  );

  it('lists the apps by their Chinese names in the public view, as the contract says', () => {
    const view = toCompanyView(COMPANIES[0] as (typeof COMPANIES)[number]);
    expect(view.apps).toEqual(['微信', 'QQ']);
    expect(view).not.toHaveProperty('appsEn');
  });
});
