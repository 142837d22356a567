import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PartnerEntry, SecretName } from '../../config.ts';

/** Where secret values come from: Secrets Manager on AWS, a key file locally. Each is read once per cold start. */
export interface SecretSource {
  get(name: SecretName): Promise<string>;
  partner(entry: PartnerEntry): Promise<string>;
}

/** Secrets Manager: each named secret by the ARN `arnOf` gives (from the configuration), each partner's by its entry. */
export function secretsManagerSource(
  arnOf: (name: SecretName) => string,
  client: SecretsManagerClient,
): SecretSource {
  const cache = new Map<string, Promise<string>>();
  const byArn = (arn: string) => {
    let value = cache.get(arn);
    if (!value) {
      value = client.send(new GetSecretValueCommand({ SecretId: arn })).then((out) => {
        if (!out.SecretString) throw new Error('secret has no string value');
        return out.SecretString;
      });
      value.catch(() => cache.delete(arn));
      cache.set(arn, value);
    }
    return value;
  };
  return {
    get: (name) => byArn(arnOf(name)),
    partner(entry) {
      if (!entry.secretArn) throw new Error(`configuration: partner ${entry.companyId} has no secretArn`);
      return byArn(entry.secretArn);
    },
  };
}

interface LocalKeyFile {
  pepper?: string;
  tokenKey?: string;
  phoneKey?: string;
  carrier?: string;
  wechat?: string;
  alipayKey?: string;
  wechatMessageToken?: string;
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
