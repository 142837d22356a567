import type { QueryAccepted, QueryListResponse, QueryView, RequestCodeResponse } from '@occ/shared';
import { api } from './api';

/** Asks the service to send a verification code to the number (not idempotent: it sends an SMS). */
export function requestCode(phone: string): Promise<RequestCodeResponse> {
  return api.request({ method: 'POST', path: '/v1/verification-codes', body: { phone }, auth: true });
}

/** Submits a query; the answer is the same whether or not the ID suffix matched. */
export function submitQuery(input: {
  phone: string;
  idSuffix: string;
  code: string;
}): Promise<QueryAccepted> {
  return api.request({ method: 'POST', path: '/v1/queries', body: input, auth: true });
}

/** The progress of a query this user submitted. */
export function fetchQuery(queryId: string): Promise<QueryView> {
  return api.request({ method: 'GET', path: `/v1/queries/${encodeURIComponent(queryId)}`, auth: true });
}

/** The user's own queries of the last 30 days, newest first (at most 20). */
export function listQueries(): Promise<QueryListResponse> {
  return api.request({ method: 'GET', path: '/v1/queries', auth: true });
}
