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
import { useCallback, useRef, useState } from 'react';
import { afterTapEnds } from '../services/after-tap';
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
  /** The wait is shown by the countdown on the button beside the message, so the words leave it out. */
  waitOnButton?: boolean;
  /** A refused code request: the words say a code already sent may still be entered. */
  codeRequest?: boolean;
  /** The action that may help: send the same request again. */
  retry?: () => void;
}

/** The answer to the last tap on 获取验证码, shown right under the button. */
export type CodeStatus =
  | { kind: 'sent'; phoneMasked: string; validUntilMs: number }
  | { kind: 'problem'; problem: Problem };

/** Where the answer to the last tap is, so that the page can bring it into view. */
export interface Answered {
  id: string;
  /** Counts answers, so that the same place shown twice is revealed twice. */
  seq: number;
}

export interface QueryFormState {
  values: Record<QueryField, string>;
  fieldProblems: Partial<Record<QueryField, Problem>>;
  consent: { privacy: boolean; sensitive: boolean };
  consentMissing: boolean;
  busy: 'code' | 'submit' | undefined;
  codeStatus: CodeStatus | undefined;
  /** A problem of the submission that belongs to no field, shown right above the submit button. */
  banner: Problem | undefined;
  resendSecondsLeft: number;
  answered: Answered | undefined;
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

/** Answers after which the code in hand can no longer be used. */
const CODE_VOID = new Set<Problem['code']>(['CODE_EXPIRED', 'CODE_ATTEMPTS_EXCEEDED']);

/** Answers whose wait is the wait before the next code: the button counts it down. */
const WAIT_FOR_NEXT_CODE = new Set<Problem['code']>(['TOO_MANY_REQUESTS', 'CODE_ATTEMPTS_EXCEEDED']);

/** Retrying the same request can help only when the fault was on the way or on the service's side. */
const RETRYABLE = new Set<Problem['code']>([
  'NETWORK_ERROR',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
  'UNAUTHORIZED',
  'LOGIN_FAILED',
]);

/** The field an error of the service belongs to, if any. */
function fieldOf(error: unknown): QueryField | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const field = (error.field ?? FIELD_OF_CODE[error.code]) as QueryField | undefined;
  return field && field in VALIDATORS ? field : undefined;
}

/**
 * The query form: field values, inline validation with the shared validators, the two consents,
 * the code request with its resend countdown, and the submission.
 *
 * Every tap gets its answer where the reader is looking: the answer to 获取验证码 right under the
 * button (`codeStatus`), a field's problem under the field, a submission's problem right above the
 * submit button; `answered` names it so the page can bring it into view. A control that is shown
 * disabled does nothing, even if the platform still delivers its tap. One screen never says two
 * contradicting things: a void code takes its "sent" notice away, and the button follows the
 * service's `Retry-After`.
 */
export function useQueryForm(onAccepted: (accepted: QueryAccepted) => void) {
  const [values, setValues] = useState<Record<QueryField, string>>({ phone: '', idSuffix: '', code: '' });
  const [fieldProblems, setFieldProblems] = useState<Partial<Record<QueryField, Problem>>>({});
  const [consent, setConsent] = useState({ privacy: false, sensitive: false });
  const [consentMissing, setConsentMissing] = useState(false);
  const [busy, setBusyState] = useState<QueryFormState['busy']>();
  const [codeStatus, setCodeStatus] = useState<CodeStatus>();
  const [banner, setBanner] = useState<Problem>();
  const [answered, setAnswered] = useState<Answered>();
  const countdown = useCountdown();
  // State updates land after the render; a second tap in the same frame must already see "busy".
  const busyNow = useRef<QueryFormState['busy']>();
  const setBusy = useCallback((next: QueryFormState['busy']) => {
    busyNow.current = next;
    setBusyState(next);
  }, []);
  const answer = useCallback((id: string) => setAnswered((last) => ({ id, seq: (last?.seq ?? 0) + 1 })), []);

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
      if (tidy !== '') afterTapEnds(() => check(field, tidy));
    },
    [check],
  );

  /** Turns a failed call into a problem with the action that may help, and starts the waits it names. */
  const problemOf = useCallback(
    (error: unknown, retry: () => void): Problem => {
      if (error instanceof NetworkError) return { code: 'NETWORK_ERROR', retry };
      if (!(error instanceof ApiError)) return { code: 'INTERNAL_ERROR', retry };
      const problem: Problem = {
        code: error.code,
        retryAfterSeconds: error.retryAfterSeconds,
        attemptsLeft: error.attemptsLeft,
      };
      if (WAIT_FOR_NEXT_CODE.has(error.code)) {
        countdown.start(error.retryAfterSeconds ?? 60);
        problem.waitOnButton = true;
      }
      if (error.code === 'QUERY_COOLDOWN' && error.retryAfterSeconds !== undefined) {
        problem.queryAgainAtMs = Date.now() + error.retryAfterSeconds * 1000;
      }
      if (RETRYABLE.has(error.code)) problem.retry = retry;
      return problem;
    },
    [countdown],
  );

  const resendSecondsLeft = countdown.secondsLeft;
  const getCode = useCallback(async () => {
    // The button is shown disabled while busy or counting down; the tap may still arrive (Taro's
    // disabled Button fires on weapp), and it must do nothing.
    if (busyNow.current || resendSecondsLeft > 0) return;
    const phone = check('phone', values.phone);
    if (phone === undefined) {
      answer('error-phone');
      return;
    }
    setBusy('code');
    setCodeStatus(undefined);
    try {
      const sent = await requestCode(phone);
      countdown.start(sent.resendAfterSeconds);
      setCodeStatus({
        kind: 'sent',
        phoneMasked: maskPhone(phone),
        validUntilMs: Date.now() + sent.expiresInSeconds * 1000,
      });
      setFieldProblem('code', undefined);
      answer('code-status');
    } catch (error) {
      const problem: Problem = { ...problemOf(error, () => void getCode()), codeRequest: true };
      const field = fieldOf(error);
      if (field) {
        setFieldProblem(field, problem);
        answer(`error-${field}`);
      } else {
        setCodeStatus({ kind: 'problem', problem });
        answer('code-status');
      }
    } finally {
      setBusy(undefined);
    }
  }, [answer, check, countdown, problemOf, resendSecondsLeft, setBusy, setFieldProblem, values.phone]);

  const submit = useCallback(async () => {
    if (busyNow.current) return;
    const phone = check('phone', values.phone);
    const idSuffix = check('idSuffix', values.idSuffix);
    const code = check('code', values.code);
    const consented = consent.privacy && consent.sensitive;
    setConsentMissing(!consented);
    if (phone === undefined || idSuffix === undefined || code === undefined || !consented) {
      const first = [
        [phone, 'error-phone'],
        [idSuffix, 'error-idSuffix'],
        [code, 'error-code'],
      ].find(([value]) => value === undefined);
      answer(first?.[1] ?? 'error-consent');
      return;
    }
    setBusy('submit');
    setBanner(undefined);
    // A refused code request is an answer to an earlier tap; the submission's answer replaces it.
    setCodeStatus((current) => (current?.kind === 'problem' ? undefined : current));
    try {
      onAccepted(await submitQuery({ phone, idSuffix, code }));
    } catch (error) {
      const problem = problemOf(error, () => void submit());
      const field = fieldOf(error);
      if (CODE_VOID.has(problem.code)) setCodeStatus(undefined);
      if (field) {
        setFieldProblem(field, problem);
        answer(`error-${field}`);
      } else {
        setBanner(problem);
        answer('banner');
      }
    } finally {
      setBusy(undefined);
    }
  }, [answer, check, consent, onAccepted, problemOf, setBusy, setFieldProblem, values]);

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
    codeStatus,
    banner,
    resendSecondsLeft,
    answered,
  };
  return { state, setValue, blur, getCode, submit, toggleConsent };
}
