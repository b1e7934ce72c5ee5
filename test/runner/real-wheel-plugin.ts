/**
 * A test-runner server command that turns a real mouse wheel over the page: `executeServerCommand('real-wheel',
 * { x, y, deltaY })` from a test (viewport coordinates, CSS pixels). A synthetic WheelEvent never scrolls a page;
 * this one goes through the browser's input pipeline, so the page scrolls unless a listener prevents it.
 *
 * Chromium only (puppeteer's `page.mouse.wheel`, through the DevTools protocol); elsewhere it answers
 * `{ supported: false }` and the test skips that case explicitly.
 */
import type { TestRunnerPlugin } from '@web/test-runner';
import type { Page } from 'puppeteer-core';

export const REAL_WHEEL_COMMAND = 'real-wheel';

export interface RealWheelPayload {
  x: number;
  y: number;
  deltaY: number;
}

interface Session {
  id: string;
  browser: { type: string; name: string; getPage?: (id: string) => Page };
}

function chromiumPage(session: Session): Page | undefined {
  const { browser } = session;
  if (browser.type !== 'puppeteer' || !/^(Chrome|Chromium)$/.test(browser.name)) return undefined;
  return typeof browser.getPage === 'function' ? browser.getPage(session.id) : undefined;
}

export function realWheelPlugin(): TestRunnerPlugin {
  return {
    name: 'real-wheel',
    async executeCommand({ command, payload, session }) {
      if (command !== REAL_WHEEL_COMMAND) return undefined;
      const page = chromiumPage(session as unknown as Session);
      if (!page) return { supported: false };
      const { x, y, deltaY } = payload as RealWheelPayload;
      await page.mouse.move(x, y);
      await page.mouse.wheel({ deltaY });
      return { supported: true };
    },
  };
}
