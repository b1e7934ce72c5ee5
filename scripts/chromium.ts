/**
 * Debian's Chromium as the project's scripts drive it with playwright-core (screenshots, benchmarks, the
 * platform's SDK check): software WebGL through SwiftShader, and no background traffic, which this closed
 * network would refuse many times a second.
 */
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
