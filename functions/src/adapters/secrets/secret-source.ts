import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PartnerEntry, SecretName } from '../../config.ts';

/** Where secret values come from: Secrets Manager on AWS (below); the local embedded default passes its key file. Each is read once per cold start. */
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
