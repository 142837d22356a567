import {
  type ErrorCode,
  maskPhone,
  normalizeText,
  type QueryAccepted,
  type Validated,
  validateCode,
  validateIdSuffix,
  validatePhone,
} from '@occ/shared';
import { useCallback, useState } from 'react';
import { ApiError, NetworkError } from '../services/api-client';
import { requestCode, submitQuery } from '../services/queries';
import { useCountdown } from './use-countdown';

export type QueryField = 'phone' | 'idSuffix' | 'code';

/** A problem to show, kept as a code so that it follows a change of language. */
export interface Problem {
  /** `REQUIRED`: the field named by `field` is empty. */
  code: ErrorCode | 'NETWORK_ERROR' | 'REQUIRED';
  field?: QueryField;
  retryAfterSeconds?: number;
  attemptsLeft?: number;
  /** When the number may be queried again (cooldown), in epoch milliseconds. */
  queryAgainAtMs?: number;
}

export interface QueryFormState {
  values: Record<QueryField, string>;
  fieldProblems: Partial<Record<QueryField, Problem>>;
  consent: { privacy: boolean; sensitive: boolean };
  consentMissing: boolean;
  busy: 'code' | 'submit' | undefined;
  /** A problem that belongs to no single field, with the action to try again where that helps. */
  banner: (Problem & { retry?: () => void }) | undefined;
  /** The masked number a code was last sent to. */
  codeSentTo: string | undefined;
  resendSecondsLeft: number;
}

const VALIDATORS: Record<QueryField, (raw: string) => Validated<string>> = {
  phone: validatePhone,
  idSuffix: validateIdSuffix,
  code: validateCode,
};

/**
 * What a field shows once the reader leaves it: the value the service will read (docs/api.md,
 * normalization), so that `+86 138-0013-8000` reads `13800138000`, `０１２３４ｘ` reads `01234X`.
 */
const TIDY: Record<QueryField, (raw: string) => string> = {
  phone: (raw) => {
    const phone = validatePhone(raw);
    return phone.ok ? phone.value : normalizeText(raw);
  },
  idSuffix: (raw) => normalizeText(raw).toUpperCase(),
  code: normalizeText,
};

const FIELD_OF_CODE: Partial<Record<ErrorCode, QueryField>> = {
  INVALID_PHONE: 'phone',
  NUMBER_NOT_IN_SERVICE: 'phone',
  INVALID_ID_SUFFIX: 'idSuffix',
  INVALID_CODE: 'code',
  CODE_INCORRECT: 'code',
  CODE_EXPIRED: 'code',
  CODE_ATTEMPTS_EXCEEDED: 'code',
};

/** Retrying the same request can help only when the fault was on the way or on the service's side. */
const RETRYABLE = new Set<Problem['code']>([
  'NETWORK_ERROR',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
  'UNAUTHORIZED',
  'LOGIN_FAILED',
]);

/**
 * The query form: field values, inline validation with the shared validators, the two consents,
 * the code request with its resend countdown, and the submission. Every API error becomes a
 * problem on its field or on the banner.
 */
export function useQueryForm(onAccepted: (accepted: QueryAccepted) => void) {
  const [values, setValues] = useState<Record<QueryField, string>>({ phone: '', idSuffix: '', code: '' });
  const [fieldProblems, setFieldProblems] = useState<Partial<Record<QueryField, Problem>>>({});
  const [consent, setConsent] = useState({ privacy: false, sensitive: false });
  const [consentMissing, setConsentMissing] = useState(false);
  const [busy, setBusy] = useState<QueryFormState['busy']>();
  const [banner, setBanner] = useState<QueryFormState['banner']>();
  const [codeSentTo, setCodeSentTo] = useState<string>();
  const countdown = useCountdown();

  const setFieldProblem = useCallback((field: QueryField, problem: Problem | undefined) => {
    setFieldProblems((current) => ({ ...current, [field]: problem }));
  }, []);

  const check = useCallback(
    (field: QueryField, raw: string): string | undefined => {
      if (normalizeText(raw) === '') {
        setFieldProblem(field, { code: 'REQUIRED', field });
        return undefined;
      }
      const result = VALIDATORS[field](raw);
      setFieldProblem(field, result.ok ? undefined : { code: result.error.code });
      return result.ok ? result.value : undefined;
    },
    [setFieldProblem],
  );

  const setValue = useCallback((field: QueryField, raw: string) => {
    setValues((current) => ({ ...current, [field]: raw }));
    // A shown problem goes away as soon as the value is right; a new one waits for the blur.
    setFieldProblems((current) =>
      current[field] && VALIDATORS[field](raw).ok ? { ...current, [field]: undefined } : current,
    );
  }, []);

  // Leaving a field shows its tidy value and checks it; an empty field waits for the tap that needs it.
  const blur = useCallback(
    (field: QueryField, raw: string) => {
      const tidy = TIDY[field](raw);
      setValues((current) => ({ ...current, [field]: tidy }));
      if (tidy !== '') check(field, tidy);
    },
    [check],
  );

  const showError = useCallback(
    (error: unknown, retry: () => void) => {
      if (error instanceof NetworkError) {
        setBanner({ code: 'NETWORK_ERROR', retry });
        return;
      }
      if (!(error instanceof ApiError)) {
        setBanner({ code: 'INTERNAL_ERROR', retry });
        return;
      }
      const problem: Problem = {
        code: error.code,
        retryAfterSeconds: error.retryAfterSeconds,
        attemptsLeft: error.attemptsLeft,
      };
      if (error.code === 'CODE_EXPIRED') countdown.start(0);
      if (error.code === 'CODE_ATTEMPTS_EXCEEDED' || error.code === 'TOO_MANY_REQUESTS') {
        countdown.start(error.retryAfterSeconds ?? 60);
      }
      if (error.code === 'QUERY_COOLDOWN' && error.retryAfterSeconds !== undefined) {
        problem.queryAgainAtMs = Date.now() + error.retryAfterSeconds * 1000;
      }
      const field = (error.field as QueryField | undefined) ?? FIELD_OF_CODE[error.code];
      if (field && field in VALIDATORS) {
        setFieldProblem(field, problem);
        setBanner(undefined);
        return;
      }
      setBanner(RETRYABLE.has(error.code) ? { ...problem, retry } : problem);
    },
    [countdown, setFieldProblem],
  );

  const getCode = useCallback(async () => {
    const phone = check('phone', values.phone);
    if (phone === undefined || busy) return;
    setBusy('code');
    setBanner(undefined);
    try {
      const sent = await requestCode(phone);
      countdown.start(sent.resendAfterSeconds);
      setCodeSentTo(maskPhone(phone));
      setFieldProblem('code', undefined);
    } catch (error) {
      showError(error, () => void getCode());
    } finally {
      setBusy(undefined);
    }
  }, [busy, check, countdown, setFieldProblem, showError, values.phone]);

  const submit = useCallback(async () => {
    const phone = check('phone', values.phone);
    const idSuffix = check('idSuffix', values.idSuffix);
    const code = check('code', values.code);
    const consented = consent.privacy && consent.sensitive;
    setConsentMissing(!consented);
    if (phone === undefined || idSuffix === undefined || code === undefined || !consented || busy) return;
    setBusy('submit');
    setBanner(undefined);
    try {
      onAccepted(await submitQuery({ phone, idSuffix, code }));
    } catch (error) {
      showError(error, () => void submit());
    } finally {
      setBusy(undefined);
    }
  }, [busy, check, consent, onAccepted, showError, values]);

  const toggleConsent = useCallback((which: 'privacy' | 'sensitive') => {
    setConsent((current) => {
      const next = { ...current, [which]: !current[which] };
      if (next.privacy && next.sensitive) setConsentMissing(false);
      return next;
    });
  }, []);

  const state: QueryFormState = {
    values,
    fieldProblems,
    consent,
    consentMissing,
    busy,
    banner,
    codeSentTo,
    resendSecondsLeft: countdown.secondsLeft,
  };
  return { state, setValue, blur, getCode, submit, toggleConsent };
}
