/**
 * htmx requests: the same URL answers a whole page to a browser and a fragment to htmx, told apart by the
 * HX-Request header. Every answer that depends on it says so with `Vary: HX-Request`, so a cache never
 * serves a fragment as a page (or the reverse).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

type Html = string | Promise<string>;

/** Whether htmx sent this request; marks the response as varying on HX-Request. */
export function isHtmx(c: Context): boolean {
  c.header('Vary', 'HX-Request');
  return c.req.header('hx-request') === 'true';
}

/** The fragment for htmx, the whole page otherwise; only the one chosen is rendered. */
export function pageOrPartial(
  c: Context,
  page: () => Html,
  partial: () => Html,
  status?: ContentfulStatusCode,
): Response | Promise<Response> {
  return c.html(isHtmx(c) ? partial() : page(), status);
}
