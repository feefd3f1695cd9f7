// Types for scripts/path-aliases.mjs (plain Node runs it, so it stays JavaScript).
export declare const pathAliases: Readonly<Record<string, string>>
export declare function unalias(specifier: string): string | null
export declare function viteAliases(root?: string): { find: RegExp; replacement: string }[]
