const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `value` is a UUID as the database stores ids (lower case): anything else cannot name a row. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
