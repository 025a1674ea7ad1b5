const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical UUID string: checked before a look-up so a malformed id is simply "not found". */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
