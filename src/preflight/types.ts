import type { ReasonCode } from '../errors.js';
import type { AllowlistLike } from '../allowlist/types.js';
import type { QualityFigures, QualityOptions, Recommendation } from './quality/types.js';

export type { QualityFigures, QualityOptions, Recommendation } from './quality/types.js';
export type { RttSummary } from './quality/stats.js';
export type { Route, RouteTarget } from './route.js';
import type { Route, RouteTarget } from './route.js';
export type { TransportHintTarget } from './hint-target.js';
import type { TransportHintTarget } from './hint-target.js';

/**
 * The contract shared by the preflight checks, the runner, the report and both transports
 * (Node and browser). Checks are pure logic over a {@link Transport}; the transport owns sockets,
 * `fetch`, `WebSocket` and `RTCPeerConnection`.
 */

/**
 * The five checks, by name (a report row's `category`): the API server, the signaling WebSocket
 * (`messaging`), TURN, the media server, the logging server. Not the list's four blocks
 * (`Category`: api, turn, media, logging), on which each check's addresses are judged.
 */
export type CheckName = 'api' | 'messaging' | 'turn' | 'media' | 'logging';

/** @deprecated The former name of {@link CheckName}. */
export type CheckCategory = CheckName;

/** How a check reached its target. */
export type ProbeTransport = 'https' | 'wss' | 'udp' | 'tcp' | 'tls';

/** `pass`: reached, and every address reached is inside the list. `skip`: not run, with a reason. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

export type { ReasonCode } from '../errors.js';

/** One remote address a check actually connected to, judged against the list. */
export interface AddressVerdict {
  ip: string;
  allowed: boolean;
  /** The list block that holds it (canonical CIDR), or null. */
  block: string | null;
}

/** The result of one check against one target over one transport. Plain data: JSON-serialisable. */
export interface CheckReport {
  category: CheckName;
  /** What was probed, with any credential removed (`https://anvil.opentok.com`, `turn:host:3478?transport=udp`). */
  target: string;
  transport: ProbeTransport;
  status: CheckStatus;
  code: ReasonCode;
  /** Time to the proof of reachability (first byte, upgrade, STUN answer), or null when not reached. */
  latencyMs: number | null;
  addresses: AddressVerdict[];
  /** What to open in the firewall or fix, in words a person can act on (protocol, port, block). */
  hint: string;
  /** Optional detail: phase timings and a one-line explanation. Never a token or credential. */
  detail?: string;
  timings?: ProbeTimings;
  /** TURN rows with `quality` on: what media through two relays on the server measured (docs/quality.md). */
  quality?: QualityFigures;
  /** A check that ran: `proxy` when it went through a proxy (HTTP CONNECT, or the IP proxy), else `direct`. */
  via?: Route['via'];
}

export interface PreflightReport {
  /**
   * `pass`: every check passed. `fail`: a check failed. `incomplete`: nothing failed, but a check was
   * skipped (not configured, or not possible here), unless `allowSkip` accepted skips.
   */
  verdict: 'pass' | 'fail' | 'incomplete';
  /** True when no check failed (skips do not fail a run). Kept for compatibility: prefer `verdict`. */
  ok: boolean;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  checks: CheckReport[];
  /** With `quality` on: `video`, `audio-only` or `none` for the TURN transport a client would use, and why. */
  recommendation?: Recommendation;
}

/** Phase timings of one probe, in milliseconds from its start. Absent phases were not observable. */
export interface ProbeTimings {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  totalMs: number;
}

/** A probe's proof of reachability. `remoteAddress` is null where the platform hides it (browser fetch). */
export interface ProbeResult {
  remoteAddress: string | null;
  timings: ProbeTimings;
  /** One line on what the probe saw (`STUN 401 without credentials: path open`). Never a credential. */
  detail?: string;
}

export interface HttpProbeResult extends ProbeResult {
  status: number;
  /** Response body as text, when the caller asked for it (session info). */
  body?: string;
}

export interface HttpProbeRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Read and return the body (session info); otherwise the probe stops at the first byte. */
  readBody?: boolean;
}

/** One TURN server URL to probe (RFC 7065 form), with optional long-term credentials. */
export interface TurnProbeRequest {
  /** `turn:host:3478?transport=udp`, `turn:host:3478?transport=tcp`, `turns:host:443?transport=tcp`. */
  url: string;
  username?: string;
  credential?: string;
  /** Measure call quality through the server for this long at this rate (the `quality` option, resolved). */
  quality?: Required<QualityOptions>;
}

/** What {@link Transport.quality} measured: the figures, and both relayed addresses (judged against the TURN block). */
export interface QualityProbeResult {
  /** What the loop measured. */
  figures: QualityFigures;
  /** The relayed addresses of the two allocations (`ip:port`), judged against the list's TURN block. */
  relayed: string[];
}

export interface TurnProbeResult extends ProbeResult {
  /**
   * `relay`: a relay allocation succeeded (`relayAddress` set). `reached`: the server answered
   * (STUN Binding success, or Allocate 401 without credentials).
   */
  outcome: 'relay' | 'reached';
  relayAddress?: string;
}

export interface MediaProbeRequest {
  host: string;
  port: number;
  protocol: 'udp' | 'tcp';
}

/**
 * The environment's way to touch the network. A transport throws {@link ProbeError} with a
 * {@link ReasonCode} on failure, and must release every socket/timer/peer connection when the signal
 * aborts. A missing optional method means "not possible here": the check reports `skip`.
 */
export interface Transport {
  readonly kind: 'node' | 'browser';
  http(req: HttpProbeRequest, signal: AbortSignal): Promise<HttpProbeResult>;
  websocket(url: string, signal: AbortSignal): Promise<ProbeResult>;
  turn?(req: TurnProbeRequest, signal: AbortSignal): Promise<TurnProbeResult>;
  media?(req: MediaProbeRequest, signal: AbortSignal): Promise<ProbeResult>;
  /** Media through two allocations on the TURN server for `req.quality.seconds` (docs/quality.md). */
  quality?(
    req: TurnProbeRequest & { quality: Required<QualityOptions> },
    signal: AbortSignal,
  ): Promise<QualityProbeResult>;
  /** How a check's probe will go: through a proxy or direct. Missing: always direct. */
  route?(target: RouteTarget): Route;
  /** Its own hint for a code only it produces (Node: the proxy codes, `tls-untrusted`); undefined: the shared one. */
  hint?(code: ReasonCode, target: TransportHintTarget): string | undefined;
}

/** What a check gets besides its target: the transport, its own signal, and the list judge. */
export interface CheckContext {
  transport: Transport;
  /** Aborts at the check's deadline or when the run is aborted. */
  signal: AbortSignal;
  /** Judges addresses against the list block of the check named `check`; a null address (hidden by the platform) gives none. */
  judge(ip: string | null, check: CheckName): AddressVerdict[];
  /** The per-check deadline in ms (for hints). */
  timeoutMs: number;
}

/** Where each check points. Unset targets fall back to Vonage's public defaults or are skipped. */
export interface PreflightTargets {
  /** API server. Default `https://anvil.opentok.com`. */
  apiUrl?: string;
  /** Signaling WebSocket (`wss://...`). From the session info in credentials mode; else skipped when unset. */
  messagingUrl?: string;
  /** Logging base. Default `https://hlg.tokbox.com/prod`; the check POSTs to `{loggingUrl}/logging/ClientEvent`. */
  loggingUrl?: string;
  /** TURN URLs (RFC 7065), one result per URL. From the session info's `ice_servers` in credentials mode. */
  turn?: { urls: string[]; username?: string; credential?: string };
  /**
   * Media server host and ports. In credentials mode `host` may be left out: it then comes from the
   * session info's `media_server_hostname`, probed on these ports. TCP port default 443; UDP is
   * probed only when `udpPort` is given (media UDP ports are negotiated per call).
   * An IPv6 literal may be written with or without brackets (`[::1]` or `::1`).
   */
  media?: { host?: string; udpPort?: number; tcpPort?: number };
}

export interface PreflightOptions extends PreflightTargets {
  /** The allowed IP list the firewall holds: an `AllowedIpList`, or its text. */
  list: AllowlistLike | string;
  /** Credentials mode: fetch the session info and probe what it names. Never logged or reported. */
  credentials?: { apiKey: string; sessionId: string; token: string };
  /** Per-check deadline in ms. Default 5000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called as each check starts and ends. Exceptions thrown by it are ignored. */
  onProgress?: (event: PreflightEvent) => void;
  /**
   * Which categories to run. Default: all. In credentials mode, a session-info request that fails is
   * reported (as `api`) even when `api` is not asked for: the checks that needed it could not run.
   */
  checks?: CheckName[];
  /** Override the environment's transport (tests, custom stacks). */
  transport?: Transport;
  /**
   * Measure call quality through each TURN URL (UDP, TCP, TLS) and recommend video, audio only or
   * none: `true` for 5 s at 1500 kbit/s, or `{ seconds, kbps }`. Off by default. Needs TURN
   * credentials (a relay allocation); each TURN row's deadline grows by `seconds` + 2 s.
   */
  quality?: boolean | QualityOptions;
  /** Accept skipped checks: the verdict is then `pass` when nothing failed. Default false (`incomplete`). */
  allowSkip?: boolean;
  /**
   * Node: the HTTP(S) proxy for HTTPS, WSS and TURN over TCP/TLS (`http://user:password@proxy:3128`)
   * instead of `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`; `false`: direct. UDP and media never go through it.
   */
  proxy?: string | false;
  /** Node: hosts reached directly, as `NO_PROXY` lists them (names cover subdomains; IPs, CIDR blocks, `*`). Replaces `NO_PROXY`. */
  noProxy?: string | string[];
  /**
   * The IP proxy URL the app gives `OT.setProxyUrl` (the network test's `proxyServerUrl`): API,
   * signaling and logging probes go to `{proxyUrl}/{host}{path}`. Browser default: read from `OT`.
   */
  proxyUrl?: string;
}

export type PreflightEvent =
  | { type: 'start'; category: CheckName; target: string; transport: ProbeTransport }
  | { type: 'end'; check: CheckReport };
