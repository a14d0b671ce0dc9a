/**
 * A basic accessibility check run inside the page: every form control has a label, there is exactly one h1
 * and heading levels never skip on the way down, and visible text meets WCAG AA contrast against the
 * background it is drawn on (colours computed by the browser, backgrounds found by walking up the tree).
 */
import type { Page } from 'playwright-core';

export interface A11yReport {
  unlabelled: string[];
  h1: number;
  headingSkips: string[];
  lowContrast: string[];
}

/** Run the checks; the caller asserts on the parts (so a failure names what is wrong). */
export async function a11yCheck(page: Page): Promise<A11yReport> {
  return page.evaluate(() => {
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}`;
    const visible = (el: Element) => {
      const r = (el as HTMLElement).getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
    };

    const unlabelled: string[] = [];
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      const type = el.getAttribute('type') ?? '';
      if (['hidden', 'submit', 'button', 'reset'].includes(type)) continue;
      const id = el.id;
      const labelled =
        el.hasAttribute('aria-label') ||
        el.hasAttribute('aria-labelledby') ||
        el.closest('label') !== null ||
        (id !== '' && document.querySelector(`label[for="${CSS.escape(id)}"]`) !== null);
      if (!labelled) unlabelled.push(describe(el));
    }

    const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).filter(visible);
    const headingSkips: string[] = [];
    let prev = 0;
    for (const h of headings) {
      const level = Number(h.tagName[1]);
      if (prev > 0 && level > prev + 1) headingSkips.push(`${h.tagName} "${h.textContent?.trim()}" after H${prev}`);
      if (prev === 0 && level !== 1) headingSkips.push(`first heading is ${h.tagName}`);
      prev = level;
    }

    const rgba = (c: string) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m?.[1]) return [0, 0, 0, 0];
      const p = m[1]
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
    };
    const lum = (c: number[]) => {
      const ch = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (ch[0] ?? 0) + 0.7152 * (ch[1] ?? 0) + 0.0722 * (ch[2] ?? 0);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const bg = rgba(getComputedStyle(e).backgroundColor);
        if ((bg[3] ?? 0) >= 0.5) return bg;
      }
      return [255, 255, 255, 1];
    };
    const lowContrast: string[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim() || !visible(el)) continue;
      if (el.closest('option, script, style, [aria-hidden="true"]')) continue;
      seen.add(el);
      const cs = getComputedStyle(el);
      const fg = rgba(cs.color);
      const bg = background(el);
      const a = fg[3] ?? 1;
      const blended = [0, 1, 2].map((i) => (fg[i] ?? 0) * a + (bg[i] ?? 0) * (1 - a));
      const [l1, l2] = [lum(blended), lum(bg)].sort((x, y) => y - x);
      const ratio = ((l1 ?? 0) + 0.05) / ((l2 ?? 0) + 0.05);
      const size = Number.parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        lowContrast.push(`${describe(el)} "${n.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
    }
    return { unlabelled, h1: headings.filter((h) => h.tagName === 'H1').length, headingSkips, lowContrast };
  });
}
