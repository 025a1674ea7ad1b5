import { requireCorpus } from "./corpus.js";

/** Global setup of the corpus suite: without the corpus the run fails at once (it never skips). */
export default function corpusSetup(): void {
  requireCorpus();
}
