import type { QueryView } from '@occ/shared';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../services/api-client';
import { fetchQuery } from '../services/queries';

const POLL_MS = 2000;
const FINAL = new Set<QueryView['status']>(['COMPLETED', 'REJECTED', 'FAILED']);

export interface QueryProgress {
  view: QueryView | undefined;
  /** `notFound`: the query is unknown to this session; `unreachable`: the last poll failed. */
  problem: 'notFound' | 'unreachable' | undefined;
  retry: () => void;
}

/**
 * Follows `GET /v1/queries/{id}` while the page is shown, until the query reaches a final status.
 * A failed poll stops polling and offers a retry, so a broken network does not spin forever.
 */
export function useQueryProgress(queryId: string | undefined): QueryProgress {
  const [view, setView] = useState<QueryView>();
  const [problem, setProblem] = useState<QueryProgress['problem']>(queryId ? undefined : 'notFound');
  const [round, setRound] = useState(0);
  const [visible, setVisible] = useState(true);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));

  // A new round is what schedules the next poll.
  useEffect(() => {
    if (!queryId || !visible || problem) return undefined;
    let cancelled = false;
    fetchQuery(queryId).then(
      (next) => {
        if (cancelled) return;
        setView(next);
        if (!FINAL.has(next.status)) timer.current = setTimeout(() => setRound((r) => r + 1), POLL_MS);
      },
      (error: unknown) => {
        if (cancelled) return;
        const notFound = error instanceof ApiError && error.code === 'QUERY_NOT_FOUND';
        setProblem(notFound ? 'notFound' : 'unreachable');
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(timer.current);
    };
  }, [queryId, visible, problem, round]);

  const retry = useCallback(() => {
    setProblem(undefined);
    setRound((r) => r + 1);
  }, []);
  return { view, problem, retry };
}
