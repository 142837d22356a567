import type { QuerySummary, QueryView } from '@occ/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { fetchQuery, listQueries } from '../services/queries';

export interface MyQueries {
  /** The user's queries, newest first; undefined until the first answer. */
  queries: QuerySummary[] | undefined;
  /** Each completed query with its companies and counts, as they are read. */
  details: Record<string, QueryView>;
  unreachable: boolean;
  reload: () => void;
}

/**
 * `GET /v1/queries` each time the page is shown, then the counts of every completed query
 * (`GET /v1/queries/{id}`; the list carries none). A token that expired meanwhile is renewed by
 * the API client without asking anything of the reader.
 */
export function useMyQueries(): MyQueries {
  const [queries, setQueries] = useState<QuerySummary[]>();
  const [details, setDetails] = useState<Record<string, QueryView>>({});
  const [unreachable, setUnreachable] = useState(false);
  const loads = useRef(0);

  const reload = useCallback(() => {
    const load = ++loads.current;
    setUnreachable(false);
    listQueries().then(
      async ({ queries: listed }) => {
        if (load !== loads.current) return;
        setQueries(listed);
        for (const query of listed.filter((entry) => entry.status === 'COMPLETED')) {
          const view = await fetchQuery(query.queryId).catch(() => undefined);
          if (load !== loads.current) return;
          if (view) setDetails((known) => ({ ...known, [view.queryId]: view }));
        }
      },
      () => {
        if (load === loads.current) setUnreachable(true);
      },
    );
  }, []);

  useDidShow(reload);
  return { queries, details, unreachable, reload };
}
