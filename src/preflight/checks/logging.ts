import { checkHttp } from './api.js';
import type { Run } from '../verdict.js';

/** The logging check: an HTTPS POST of a JSON event to `url` (`{loggingUrl}/logging/ClientEvent`); any HTTP answer proves the path. */
export const checkLogging = (url: string): Run =>
  checkHttp({ url, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
