// Replaced at build time by scripts/build-cli.mjs with package.json's version.
declare const __SIGNET_VERSION__: string | undefined
export const version: string = typeof __SIGNET_VERSION__ === 'string' ? __SIGNET_VERSION__ : '0.0.0-dev'
