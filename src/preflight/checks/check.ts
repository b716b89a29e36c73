import type { Category } from '../../allowlist/types.js';
import type { SessionTargets } from '../session-info.js';
import { redactUrl } from '../redact.js';
import { urlHost } from '../turn-url.js';
import type { CheckBase } from '../verdict.js';
import type { CheckContext, CheckName, CheckReport, PreflightOptions, ProbeTransport, Transport } from '../types.js';

/**
 * What a check is: one object per file in this folder, listed in the registry (`index.ts`). The
 * runner knows no check by name; it asks each for its targets, plans their probes and runs them.
 */
export interface Check<Target = unknown, Request = Target> {
  /** The report's `category` and the name `options.checks` takes. */
  readonly name: CheckName;
  /** The list block the addresses it reaches must fall in (signaling runs on the API block). */
  readonly block: Category;
  /** How hints name it. */
  readonly words: CheckWords;
  /** The transport a row names before its target is known (`(none)`, `(from the session info)`). */
  readonly via: ProbeTransport;
  /** In credentials mode, this check's row is the session-info request (`session.ts`) instead of its own probes. */
  readonly readsSession?: boolean;
  /** The targets the options name; none: not configured (or, in credentials mode, read from the session info). */
  targets(options: PreflightOptions): Target[];
  /** The targets the session info names, for a check that can wait for it in credentials mode. */
  fromSession?(info: SessionTargets): Target[];
  /** A target's probes, a report row each: how the row describes the target, and what its probe sends. */
  plan(target: Target, env: PlanEnv): Array<Planned<Request>>;
  /** Runs one probe with `ctx.transport` under `ctx.signal`; throws a ProbeError when it fails. */
  run(request: Request, ctx: CheckContext, base: CheckBase): Promise<CheckReport>;
}

/** The words a hint uses for a check. */
export interface CheckWords {
  /** The list block, as in "in your list's API block": `API`, `TURN`, `media`, `logging`. */
  block: string;
  /** What to give when it has no target ("give the messaging URL"); unset: "Not configured." */
  missing?: string;
}

/** What planning sees besides the target. */
export interface PlanEnv {
  options: PreflightOptions;
  transport: Transport;
}

/** A planned row: a probe to run, or a skip decided without one. */
export type Planned<Request> =
  { base: CheckBase; request: Request } | { base: CheckBase; skip: 'not-configured' | 'unsupported'; detail: string };

/**
 * Any check, as the registry holds them: each file types its own targets and requests (`Check<string>`),
 * and, the members being methods, any of them is an `AnyCheck`.
 */
export type AnyCheck = Check<unknown, unknown>;

/** The base of a check on an HTTP(S) or WebSocket URL: its host, and its port (80 for `http:`/`ws:` unless written). */
export function urlBase(
  check: Pick<AnyCheck, 'name' | 'words' | 'via'>,
  url: string,
  target = redactUrl(url),
): CheckBase {
  const parsed = new URL(url);
  const plain = /^(http|ws):$/.test(parsed.protocol);
  const base = baseOf(check, {
    target,
    transport: check.via,
    host: urlHost(parsed),
    port: Number(parsed.port || (plain ? 80 : 443)),
  });
  if (plain) base.plain = plain;
  return base;
}

/** A check's base for a target: its name and hint words with where the probe goes. */
export function baseOf(
  check: Pick<AnyCheck, 'name' | 'words'>,
  where: Pick<CheckBase, 'target' | 'transport' | 'host' | 'port'>,
): CheckBase {
  return { category: check.name, words: check.words, ...where };
}
