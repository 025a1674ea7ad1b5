/**
 * Which SIGNING_SECRET values production refuses. The secret signs download
 * links and seals stored passwords and destination credentials, so a value
 * anyone can read in a sample file (docker-compose.yml, .env.example, a
 * tutorial) hands those to whoever reads it.
 */

/** Values published in Folio's own files; lower-case. */
const KNOWN_PLACEHOLDERS = new Set([
  "change-me-to-a-long-random-string-0123456789",
  "test-signing-secret-0123456789abcdef",
  "set-signing-secret",
]);

/** Words a hand-typed placeholder contains and a generated secret does not. */
const PLACEHOLDER_WORDS = ["change", "replace", "example", "placeholder", "default", "secret", "password", "folio"];

/**
 * Fewer distinct characters than this means a hand-typed or repeated value. Random hex of 32 has ~14, but fewer
 * than 10 in about 1 of 9,000 (`openssl rand -hex 16` was refused that often at 10); fewer than 8 in none of
 * 2 million drawn.
 */
const MIN_DISTINCT_CHARACTERS = 8;

/**
 * Why `secret` is unfit for production, or null when it is acceptable. Checks
 * the known placeholders, placeholder words, too few distinct characters, and
 * mostly repeating or counting runs (`aaaa…`, `0123…`, `abcd…`).
 */
export function weakSigningSecretReason(secret: string): string | null {
  const lower = secret.toLowerCase();
  if (KNOWN_PLACEHOLDERS.has(lower)) return "is a published placeholder";
  const word = PLACEHOLDER_WORDS.find((w) => lower.includes(w));
  if (word) return `looks like a placeholder (contains "${word}")`;
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) return `has fewer than ${MIN_DISTINCT_CHARACTERS} distinct characters`;
  let patterned = 0;
  for (let i = 1; i < secret.length; i++) {
    const step = secret.charCodeAt(i) - secret.charCodeAt(i - 1);
    if (step === 0 || step === 1 || step === -1) patterned++;
  }
  // Two thirds of the steps, not half: random hex steps by 0 or ±1 half the time in about 1 of 60,000 secrets.
  if (patterned * 3 >= (secret.length - 1) * 2) return "is mostly repeated or counting characters";
  return null;
}
