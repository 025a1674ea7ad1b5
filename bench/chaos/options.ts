/** Flags of `npm run chaos`: which scenarios run and how large they are. */

/** The scenarios, in the order they run. */
export const SCENARIOS = ["worker-kill", "redis-flush", "redis-restart", "postgres-outage", "api-kill"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Everything the flags decide. */
export interface ChaosOptions {
  scenarios: ScenarioName[];
  /** Documents uploaded by the worker kill -9 loop. */
  killDocs: number;
  /** kill -9 of a random worker in that loop. */
  kills: number;
  /** Documents of each Redis and PostgreSQL scenario. */
  docs: number;
  /** FLUSHALL calls while documents run. */
  flushes: number;
  /** How long Redis stays stopped (its data is lost). */
  redisOutageMs: number;
  /** How long the PostgreSQL proxy stays cut. */
  postgresOutageMs: number;
  /** Uploads tried in the API kill -9 scenario. */
  apiUploads: number;
  /** kill -9 of the API during those uploads. */
  apiKills: number;
  /** After the faults, how long documents may take to reach a terminal state before they count as stuck. */
  settleMs: number;
  /** Keep the scenario's database, storage and logs (paths are printed). */
  keep: boolean;
}

const DEFAULTS: ChaosOptions = {
  scenarios: [...SCENARIOS],
  killDocs: 60,
  kills: 50,
  docs: 16,
  flushes: 2,
  redisOutageMs: 20_000,
  postgresOutageMs: 40_000,
  apiUploads: 40,
  apiKills: 3,
  settleMs: 180_000,
  keep: false,
};

/** `--quick`: every scenario, a fraction of the size (a couple of minutes). */
const QUICK: Partial<ChaosOptions> = {
  killDocs: 16,
  kills: 10,
  docs: 6,
  flushes: 1,
  redisOutageMs: 12_000,
  postgresOutageMs: 20_000,
  apiUploads: 16,
  apiKills: 2,
  settleMs: 120_000,
};

const NUMERIC: Record<string, keyof ChaosOptions> = {
  "--kill-docs": "killDocs",
  "--kills": "kills",
  "--docs": "docs",
  "--flushes": "flushes",
  "--redis-outage-ms": "redisOutageMs",
  "--postgres-outage-ms": "postgresOutageMs",
  "--api-uploads": "apiUploads",
  "--api-kills": "apiKills",
  "--settle-ms": "settleMs",
};

/** A bad flag: the caller prints the message and exits 2. */
export class UsageError extends Error {}

/** Parse argv (without node and the script). `--quick` applies first, explicit flags override it. */
export function parseOptions(argv: readonly string[]): ChaosOptions {
  const options: ChaosOptions = { ...DEFAULTS, ...(argv.includes("--quick") ? QUICK : {}) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--quick") continue;
    if (flag === "--keep") {
      options.keep = true;
      continue;
    }
    if (flag === "--only") {
      const names = (argv[++i] ?? "").split(",").filter(Boolean);
      const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (names.length === 0 || unknown.length > 0) throw new UsageError(`--only expects a comma-separated list of ${SCENARIOS.join(", ")}`);
      options.scenarios = SCENARIOS.filter((s) => names.includes(s));
      continue;
    }
    const key = NUMERIC[flag];
    if (!key) throw new UsageError(`unknown flag ${flag}`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} expects a non-negative integer`);
    (options as unknown as Record<string, number>)[key] = value;
  }
  return options;
}
