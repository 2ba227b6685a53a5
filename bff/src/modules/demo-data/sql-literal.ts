/**
 * SQL literals for the bulk loader. The seed writes hundreds of thousands of generated rows; multi-row INSERTs
 * of literals are far faster here than one parameterised statement per row. Only the seed's own values pass
 * through this (never request input).
 */
export type SqlValue = string | number | bigint | boolean | Date | null | string[];

export function lit(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (Array.isArray(v)) return v.length ? `ARRAY[${v.map(lit).join(',')}]` : `'{}'`;
  return `'${v.replace(/'/g, "''")}'`;
}

export function insertSql(table: string, columns: string[], rows: SqlValue[][], suffix = ''): string {
  if (!rows.length) return '';
  const values = rows.map((r) => `(${r.map(lit).join(',')})`).join(',\n');
  return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES\n${values}${suffix ? ` ${suffix}` : ''};\n`;
}
