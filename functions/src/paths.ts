/** The `functions/` folder, as a URL ending in `/`: declared entries (`src/handlers/<name>.ts`) resolve against it. */
export const FUNCTIONS_ROOT: URL = new URL('../', import.meta.url);
