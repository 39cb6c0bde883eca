// The time axis above the tracks: a d3 axis in an SVG, redrawn with each base
// frame. Its ticks are also the canvas's grid lines, so the grid and the
// labels always agree.
import { axisTop, scaleLinear, select } from 'd3';
import { formatTick } from '../../../src/core/format';
import type { TimeBounds } from './scale';

export class TimeAxis {
  private readonly scale = scaleLinear();

  constructor(private readonly svg: SVGSVGElement) {}

  /** Redraw for window `win` over `width` CSS px; returns the tick times (for the grid). */
  update(win: TimeBounds, width: number): number[] {
    const w = width;
    this.scale.domain([win.start, win.end]).range([0, w]);
    const count = Math.max(2, Math.floor(w / 120));
    const ticks = this.scale.ticks(count);
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : win.end - win.start;
    const magnitude = Math.max(Math.abs(win.start), Math.abs(win.end));
    // Labels centred on a tick near an edge would be cut off: leave those ticks to the grid.
    const labelled = ticks.filter((t) => { const x = this.scale(t); return x >= 36 && x <= w - 36; });
    const axis = axisTop(this.scale).tickValues(labelled).tickSizeOuter(0).tickFormat((t) => formatTick(+t, step, magnitude));
    const svg = select(this.svg);
    svg.attr('height', 24);
    let g = svg.select<SVGGElement>('g.tl-axis-g');
    if (g.empty()) g = svg.append('g').attr('class', 'tl-axis-g');
    g.attr('transform', 'translate(0,23)').call(axis);
    return ticks;
  }
}
