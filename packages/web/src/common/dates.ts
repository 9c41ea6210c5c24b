/** Dates shown in the user's time zone, ISO-like (2026-12-05 10:42), the zone named once in the shell. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatDate(ms: number | undefined | null, timeZone: string, withSeconds = false): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '';
  const key = `${timeZone}|${withSeconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: withSeconds ? '2-digit' : undefined,
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${withSeconds ? `:${parts.second}` : ''}`;
}
