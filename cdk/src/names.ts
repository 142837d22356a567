/** `submit-query` → `SubmitQuery`: construct ids from handler, table and company names. */
export function pascal(name: string): string {
  return name.replace(/(^|[-_])(\w)/g, (_, _sep: string, letter: string) => letter.toUpperCase());
}
