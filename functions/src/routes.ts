import { HANDLERS, type HandlerName } from './catalogue.ts';

/**
 * The public routes and the partner callback, API Gateway style, from the handlers' declarations
 * (`catalogue.ts`). The CDK stack creates one route per entry plus `$default` →
 * {@link FALLBACK_HANDLER}; the local embedded default matches requests against the same list.
 */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: HandlerName;
}

function routesOf(name: HandlerName): Route[] {
  return HANDLERS[name].routes
    .filter((key) => key !== '$default')
    .map((key) => {
      const [method, path] = key.split(' ');
      if ((method !== 'GET' && method !== 'POST') || !path?.startsWith('/'))
        throw new Error(`${name} declares a malformed route ${key}`);
      return { method, path, handler: name };
    });
}

export const ROUTES: readonly Route[] = (Object.keys(HANDLERS) as HandlerName[]).flatMap(routesOf);

/** Answers every request no route takes: `404 NOT_FOUND`, or `405 METHOD_NOT_ALLOWED` on a known path. */
export const FALLBACK_HANDLER: HandlerName = (() => {
  const [fallback, ...others] = (Object.keys(HANDLERS) as HandlerName[]).filter((name) =>
    HANDLERS[name].routes.includes('$default'),
  );
  if (!fallback || others.length > 0) throw new Error('exactly one handler must take $default');
  return fallback;
})();

/** The path parameters when `path` matches the route template, else `undefined`. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? '';
    const value = got[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (value === '') return undefined;
      params[part.slice(1, -1)] = decodeSegment(value);
    } else if (part !== value) return undefined;
  }
  return params;
}

/** The route for a method and path, or whether the path exists under another method. */
export function findRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { route: undefined; pathKnown: boolean } {
  let pathKnown = false;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method.toUpperCase()) return { route, params };
    pathKnown = true;
  }
  return { route: undefined, pathKnown };
}

/** A path segment decoded, or left as it came when its escapes are malformed (it then matches no id). */
function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
