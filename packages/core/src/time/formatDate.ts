/** A date as owners, admins and users read it in both bots: `2025-03-01 14:05 UTC` (or `—` for none). */
export const fmtDate = (d: Date | null | undefined): string => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');
