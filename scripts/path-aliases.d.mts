// Types for scripts/path-aliases.mjs (plain Node runs it, so it stays JavaScript).
export declare const pathAliases: Readonly<Record<string, string>>
export declare function unalias(specifier: string): string | null
export declare function viteAliases(root?: string): { find: RegExp; replacement: string }[]
/** What a specifier imported from a file names, from the repository root without extension; null for a package. */
export declare function importTarget(fileFromRoot: string, specifier: string): string | null
/** The alias spelling of a relative specifier that crosses a top-level folder, or null when it stays relative. */
export declare function aliasFor(fileFromRoot: string, specifier: string): string | null
