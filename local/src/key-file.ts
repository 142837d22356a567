import { readFileSync } from 'node:fs';
import type { SecretSource } from '@occ/functions/adapters/secrets/secret-source.ts';

interface LocalKeyFile {
  pepper?: string;
  tokenKey?: string;
  phoneKey?: string;
  carrier?: string;
  wechat?: string;
  alipayKey?: string;
  wechatMessageToken?: string;
  smsGateway?: string;
  partners?: Record<string, string>;
}

/** The local key file (JSON: the named secrets plus `partners` by company id). */
export function keyFileSource(path: string): SecretSource {
  let file: LocalKeyFile | undefined;
  const load = () => {
    file ??= JSON.parse(readFileSync(path, 'utf8')) as LocalKeyFile;
    return file;
  };
  return {
    async get(name) {
      const value = load()[name];
      if (typeof value !== 'string') throw new Error(`local key file has no ${name}`);
      return value;
    },
    async partner(entry) {
      const value = load().partners?.[entry.companyId];
      if (typeof value !== 'string') throw new Error(`local key file has no secret for ${entry.companyId}`);
      return value;
    },
  };
}
