/**
 * The overview's chart options, kept apart from the page so the layout is checked on its own.
 * echarts 6 puts the legend at the bottom by default, where it lay over the x axis and its labels:
 * here the legend has a row of its own under the plot (scrolling when the stations do not fit on
 * it), and the plot keeps its axis labels inside its own box, so legend, labels and plot never
 * cover each other however many stations there are or however long their names.
 */
const LAYOUT = {
  tooltip: { trigger: 'axis' },
  legend: { type: 'scroll', bottom: 0, left: 'center' },
  grid: { left: 8, right: 16, top: 16, bottom: 40, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
} as const;

/** Bars per station (and the total), one series per figure; a percentage axis ends at 100%. */
export const barsOption = (names: string[], series: { name: string; data: (number | null)[] }[], percent = false) => ({
  ...LAYOUT,
  xAxis: { type: 'category', data: names },
  yAxis: { type: 'value', minInterval: 1, ...(percent ? { max: 100, axisLabel: { formatter: '{value}%' } } : {}) },
  series: series.map((x) => ({ name: x.name, type: 'bar', data: x.data })),
});

/** Walk-ins per day: the total as a thick line, each enrolled station as a thin one. */
export const walkInsOption = (days: string[], total: { name: string; data: number[] }, stations: { name: string; data: number[] }[]) => ({
  ...LAYOUT,
  xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
  yAxis: { type: 'value', minInterval: 1 },
  series: [
    { name: total.name, type: 'line', data: total.data, lineStyle: { width: 3 } },
    ...stations.map((x) => ({ name: x.name, type: 'line', data: x.data, symbol: 'none' })),
  ],
});
