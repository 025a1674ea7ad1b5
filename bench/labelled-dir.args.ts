/**
 * The command line shared by the benches that judge a directory of hand-labelled documents (`eval:invoice-dir`,
 * `eval:receipt-dir`): `DIR [--half tuning|held-out|all] [flags…]`, with `DIR/truth.json` mapping file names to labels.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Which half of a labelled directory a run reads. */
export type Half = "tuning" | "held-out" | "all";

/** The parsed command line of a labelled-directory bench. */
export interface LabelledDirArgs<L> {
  /** The directory holding the documents and `truth.json`. */
  root: string;
  half: Half;
  /** `truth.json`: file name → labels. */
  labels: Record<string, L>;
  /** Every argument, for the bench's own flags. */
  args: readonly string[];
}

/** Parses `process.argv` and reads `DIR/truth.json`; prints `usage` and exits 2 when either is wrong. */
export function labelledDirArgs<L>(usage: string): LabelledDirArgs<L> {
  const args = process.argv.slice(2);
  const halfAt = args.indexOf("--half");
  const half = halfAt >= 0 ? (args[halfAt + 1] ?? "all") : "all";
  const root = args.find((a, i) => !a.startsWith("--") && !(halfAt >= 0 && i === halfAt + 1));
  if (!root || (half !== "tuning" && half !== "held-out" && half !== "all")) {
    console.error(usage);
    process.exit(2);
  }
  const truthFile = path.join(root, "truth.json");
  if (!existsSync(truthFile)) {
    console.error(`no ${truthFile}`);
    process.exit(2);
  }
  return { root, half, labels: JSON.parse(readFileSync(truthFile, "utf8")) as Record<string, L>, args };
}
