// Renders a Description (tooltip, details panel) as DOM: a title, a small
// table and the stack as links, each opening its model line through the host.
import { h } from '../../common/dom';
import type { Description, FrameLink } from './describe';

export function frameList(frames: FrameLink[], open: (src: number) => void): HTMLElement {
  const el = h('div', 'tl-stack', { 'aria-label': 'Stack, outermost first' });
  frames.forEach((f, k) => {
    if (k > 0) el.append(h('span', 'tl-stack-sep', { 'aria-hidden': 'true' }, ' › '));
    if (f.src > 0) {
      const a = h('a', 'tl-frame', { href: '#', 'data-src': String(f.src), title: `Open ${f.where}` }, f.name);
      a.addEventListener('click', (e) => {
        e.preventDefault();
        e.stopPropagation();
        open(f.src);
      });
      el.append(a);
    } else {
      el.append(h('span', 'tl-frame tl-frame-nosrc', undefined, f.name));
    }
  });
  return el;
}

export function renderDescription(d: Description, open: (src: number) => void): DocumentFragment {
  const frag = document.createDocumentFragment();
  frag.append(h('div', 'tl-desc-title', undefined, d.title));
  const table = h('table', 'tl-desc-rows');
  for (const [k, v] of d.rows) table.append(h('tr', undefined, undefined, h('th', undefined, undefined, k), h('td', undefined, undefined, v)));
  frag.append(table);
  if (d.frames.length) frag.append(frameList(d.frames, open));
  return frag;
}
