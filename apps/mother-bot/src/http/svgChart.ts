import { escapeHtml } from '@motherbot/core';

export interface ChartSeries {
  label: string;
  color: string;
  /** One value per point; points are evenly spaced in time, oldest first. */
  values: number[];
}

export interface ChartOptions {
  title: string;
  /** Formats a y value for the axis and the legend (e.g. bytes as MB). */
  format: (value: number) => string;
  width?: number;
  height?: number;
  /** Bars instead of lines (counts per minute). */
  bars?: boolean;
  /** Labels under the first and last point ("60 min ago", "now"). */
  xLabels?: [string, string];
}

/**
 * A small self-contained SVG chart (no script, no external font): one or more series on a
 * shared y axis from 0 to the maximum, with the latest value of each series in the legend.
 */
export function svgChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 480;
  const height = options.height ?? 180;
  const pad = { left: 56, right: 10, top: 40, bottom: 22 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const points = Math.max(1, ...series.map((s) => s.values.length));
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values));
  const x = (i: number): number => pad.left + (points === 1 ? plotW / 2 : (i * plotW) / (points - 1));
  const y = (v: number): number => pad.top + plotH - (v / max) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<text x="${pad.left}" y="15" class="ct">${escapeHtml(options.title)}</text>`,
    `<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${pad.left + plotW}" y2="${pad.top + plotH}" class="ax"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left + plotW}" y2="${pad.top}" class="grid"/>`,
    `<text x="${pad.left - 4}" y="${pad.top + 4}" text-anchor="end" class="al">${escapeHtml(options.format(max))}</text>`,
    `<text x="${pad.left - 4}" y="${pad.top + plotH}" text-anchor="end" class="al">0</text>`,
  ];
  if (options.xLabels) {
    parts.push(`<text x="${pad.left}" y="${height - 6}" class="al">${escapeHtml(options.xLabels[0])}</text>`);
    parts.push(`<text x="${pad.left + plotW}" y="${height - 6}" text-anchor="end" class="al">${escapeHtml(options.xLabels[1])}</text>`);
  }
  if (series.every((s) => s.values.length === 0)) {
    parts.push(`<text x="${pad.left + plotW / 2}" y="${pad.top + plotH / 2}" text-anchor="middle" class="al">no samples yet</text>`);
  }
  series.forEach((s, k) => {
    if (options.bars) {
      const w = Math.max(1, plotW / points - 1);
      s.values.forEach((v, i) => {
        const top = y(v);
        parts.push(`<rect x="${(x(i) - w / 2).toFixed(1)}" y="${top.toFixed(1)}" width="${w.toFixed(1)}" height="${(pad.top + plotH - top).toFixed(1)}" fill="${s.color}"/>`);
      });
    } else if (s.values.length > 0) {
      const d = s.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    }
    const latest = s.values.at(-1);
    const lx = pad.left + k * 170;
    parts.push(`<rect x="${lx}" y="22" width="10" height="10" fill="${s.color}"/>`);
    parts.push(`<text x="${lx + 14}" y="31" class="al">${escapeHtml(s.label)}${latest === undefined ? '' : `: ${escapeHtml(options.format(latest))}`}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
