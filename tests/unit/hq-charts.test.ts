import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { barsOption, walkInsOption } from '../../src/hq/web/charts.js';

interface Box {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Every text the chart draws at the page's size with the box it covers, and the plot's box
 * (echarts' own layout, rendered as SVG in Node).
 */
/** What the test reads of a drawn element (zrender's Element, Text and BoundingRect). */
interface Drawn {
  type: string;
  ignore?: boolean;
  invisible?: boolean;
  parent: Drawn | null;
  style?: { text?: unknown };
  getBoundingRect(): { clone(): Box & { applyTransform(m: number[]): void } };
  getComputedTransform(): number[] | null;
}

const textBoxes = (option: object, width: number, height: number): Box[] => {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption(option as echarts.EChartsOption);
  const boxes: Box[] = [];
  const shown = (el: Drawn | null): boolean => !el || (!el.ignore && !el.invisible && shown(el.parent));
  for (const root of chart.getZr().storage.getRoots() as unknown as { traverse(visit: (el: Drawn) => void): void }[]) {
    root.traverse((el) => {
      const text = el.style?.text;
      if (el.type !== 'text' || typeof text !== 'string' || text === '' || !shown(el)) return;
      const r = el.getBoundingRect().clone();
      const m = el.getComputedTransform();
      if (m) r.applyTransform(m);
      boxes.push({ text, x: r.x, y: r.y, width: r.width, height: r.height });
    });
  }
  // the plot itself, where the bars and lines are drawn
  const grid = (chart as unknown as { getModel(): { getComponent(t: string): { coordinateSystem: { getRect(): Box } } } }).getModel().getComponent('grid');
  const plot = grid.coordinateSystem.getRect();
  boxes.push({ text: '(plot)', x: plot.x, y: plot.y, width: plot.width, height: plot.height });
  chart.dispose();
  return boxes;
};

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The legend's entries that cover an axis label or the plot, as "legend ⟂ label". */
const collisions = (boxes: Box[], names: string[]) => {
  // the legend's entries, and its page counter ("1/2") when it scrolls
  const ofLegend = (b: Box) => names.includes(b.text) || /^\d+\/\d+$/.test(b.text);
  const inLegend = boxes.filter(ofLegend);
  const labels = boxes.filter((b) => !ofLegend(b));
  expect(inLegend.length).toBeGreaterThan(0);
  expect(labels.length).toBeGreaterThan(0);
  return inLegend.flatMap((l) => labels.filter((x) => overlaps(l, x)).map((x) => `${l.text} ⟂ ${x.text}`));
};

describe('HQ overview charts: the legend covers neither the axis labels nor the plot', () => {
  const names = ['松原市宁江区繁荣警务室', '松原市宁江区和平警务室', '松原市前郭县长宁警务室', '合计'];

  it('bars per station (a percentage axis, long station names)', () => {
    const series = [
      { name: '房间采集率%', data: [92.5, 40, 100, 77.3] },
      { name: '人口核实率%', data: [60, 10, 88.8, 53] },
    ];
    for (const width of [420, 900]) {
      const boxes = textBoxes(barsOption(names, series, true), width, 260);
      expect(boxes.map((b) => b.text)).toEqual(expect.arrayContaining(['100%', '房间采集率%']));
      expect(collisions(boxes, series.map((x) => x.name))).toEqual([]);
    }
  });

  it('walk-ins per day with a line per station', () => {
    const days = Array.from({ length: 14 }, (_, i) => `2026-11-${String(17 + i).padStart(2, '0')}`);
    const stations = Array.from({ length: 12 }, (_, i) => ({ name: `第${i + 1}警务室`, data: days.map((_, d) => (d * (i + 1)) % 9) }));
    const total = { name: '合计', data: days.map((_, d) => stations.reduce((a, s) => a + s.data[d], 0)) };
    const boxes = textBoxes(walkInsOption(days, total, stations), 900, 280);
    expect(boxes.map((b) => b.text)).toEqual(expect.arrayContaining(['11-17', '合计']));
    expect(collisions(boxes, [total.name, ...stations.map((s) => s.name)])).toEqual([]);
  });
});
