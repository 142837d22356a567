export * from './companies.ts';
export * from './errors.ts';
export * from './ids.ts';
export * from './limits.ts';
export * from './schemas.ts';
export * from './sms.ts';
export * from './validation.ts';
