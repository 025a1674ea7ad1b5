import { ValidationError } from "../errors/app.error.js";

/** C0 controls (NUL, U+0001, ESC, …), DEL and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Refuse an uploaded filename that contains control characters. Such a name
 * cannot be stored in PostgreSQL (NUL), breaks HTTP headers that echo it
 * (Content-Disposition) and can rewrite a terminal that prints it (ESC), and no
 * real file manager produces one: refusing is clearer than a silently changed name.
 */
export function assertAcceptableFilename(filename: string): void {
  if (CONTROL_CHARACTERS.test(filename)) {
    throw new ValidationError("The filename contains control characters (such as NUL or ESC); rename the file and upload it again.");
  }
}
