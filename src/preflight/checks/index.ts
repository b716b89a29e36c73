/**
 * The registry: every check the preflight runs, in report order. Adding a check is one file in this
 * folder (a {@link Check} object) and one line here.
 */
import type { Category } from '../../allowlist/types.js';
import type { CheckName } from '../types.js';
import { api } from './api.js';
import { logging } from './logging.js';
import { media } from './media.js';
import { messaging } from './messaging.js';
import { turn } from './turn.js';
import type { AnyCheck } from './check.js';

export const CHECKS: readonly AnyCheck[] = [api, messaging, turn, media, logging];

/** The list block each check's addresses must fall in (signaling runs on the API servers' range). */
export const LIST_CATEGORY: Readonly<Record<CheckName, Category>> = {
  api: api.block,
  messaging: messaging.block,
  turn: turn.block,
  media: media.block,
  logging: logging.block,
};

export type { AnyCheck, Check, CheckWords, Planned, PlanEnv } from './check.js';
export { baseOf, urlBase } from './check.js';
