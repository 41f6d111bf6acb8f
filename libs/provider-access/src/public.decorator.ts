/** One `@Public()` mark for every API key guard; it lives in `@waymark/api-keys`. */
export { IS_PUBLIC, Public } from '@waymark/api-keys';
