/**
 * A hotline grouped for reading and dialling by ear: 400 and 800 numbers 3-3-4 (`400-920-3800`),
 * eight-digit numbers 4-4 (`1010-7888`), short service numbers (`95017`, `9510211`) whole.
 */
export function hotlineForReading(hotline: string): string {
  const digits = hotline.replace(/\D/g, '');
  if (/^[48]00\d{7}$/.test(digits)) return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  if (/^\d{8}$/.test(digits)) return `${digits.slice(0, 4)}-${digits.slice(4)}`;
  return digits;
}
