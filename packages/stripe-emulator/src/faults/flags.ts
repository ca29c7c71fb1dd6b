import { DEFAULT_FAULTS, type FaultKind, type FaultSettings } from './faults.ts';

/** `parseArgs` options for fault injection (all off unless given). */
export const FAULT_FLAGS = {
  'fault-rate': { type: 'string' },
  'fault-kinds': { type: 'string' },
  'fault-paths': { type: 'string' },
  'fault-latency-ms': { type: 'string' },
  'webhook-duplicate-rate': { type: 'string' },
  'webhook-shuffle-ms': { type: 'string' },
  'webhook-delay-ms': { type: 'string' },
} as const;

export const FAULT_USAGE = `Fault injection (off by default; also at runtime through /_emulator/faults):
  --fault-rate R              share of API requests (0..1) answered with a fault
  --fault-kinds K,K           rate_limit, server_error, drop, latency (default: rate_limit,server_error)
  --fault-paths P,P           only paths starting with these (default: every /v1 and /v2 path)
  --fault-latency-ms N        delay added by latency faults (default 2000)
  --webhook-duplicate-rate R  share of events delivered twice
  --webhook-shuffle-ms N      deliver events in random order within N ms windows
  --webhook-delay-ms N        wait N ms before the first delivery attempt
`;

const KINDS: readonly FaultKind[] = ['rate_limit', 'server_error', 'drop', 'latency'];

type Flags = Partial<Record<keyof typeof FAULT_FLAGS, string>>;

function share(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (value === '' || !(n >= 0 && n <= 1)) throw new Error(`--${flag} must be a number from 0 to 1 (got "${value}")`);
  return n;
}

function millis(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a whole number of milliseconds (got "${value}")`);
  return n;
}

/** Fault settings from CLI flags; throws an Error naming the flag when a value is bad. */
export function faultSettingsFromFlags(flags: Flags): FaultSettings {
  const kinds = (flags['fault-kinds'] ?? 'rate_limit,server_error')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  for (const kind of kinds) if (!KINDS.includes(kind as FaultKind)) throw new Error(`--fault-kinds: unknown kind "${kind}" (use ${KINDS.join(', ')})`);
  return {
    ...DEFAULT_FAULTS,
    rate: share(flags['fault-rate'], 'fault-rate'),
    kinds: kinds as FaultKind[],
    paths: (flags['fault-paths'] ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
    latencyMs: millis(flags['fault-latency-ms'], 'fault-latency-ms', 2000),
    webhooks: {
      duplicateRate: share(flags['webhook-duplicate-rate'], 'webhook-duplicate-rate'),
      shuffleWindowMs: millis(flags['webhook-shuffle-ms'], 'webhook-shuffle-ms', 0),
      delayMs: millis(flags['webhook-delay-ms'], 'webhook-delay-ms', 0),
    },
  };
}
