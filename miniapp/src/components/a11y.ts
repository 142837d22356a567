/**
 * Accessible names for controls. In a browser Taro renders its components as custom elements,
 * so the name has to reach the inner native element (`nativeProps`) or the host attribute; mini
 * programs read the visible text. `native` adds attributes of the browser's own input (the
 * keyboard to show, what to autofill).
 */
export function inputLabel(label: string, native: Record<string, string> = {}): Record<string, unknown> {
  return process.env.TARO_ENV === 'h5' ? { nativeProps: { 'aria-label': label, ...native } } : {};
}

/** Role and state attributes for a tappable element; only a browser needs them spelled out. */
export function roleProps(
  role: string,
  state: Record<string, string | boolean> = {},
): Record<string, unknown> {
  if (process.env.TARO_ENV !== 'h5') return {};
  const props: Record<string, unknown> = { role, tabIndex: 0 };
  for (const [name, value] of Object.entries(state)) props[`aria-${name}`] = String(value);
  return props;
}
