// Types for scripts/codemods/use-path-aliases.mjs (plain Node runs it, so it stays JavaScript).
export declare const sourceFolders: readonly string[]
export declare function aliasFor(fileFromRoot: string, specifier: string): string | null
export declare function rewriteSource(fileFromRoot: string, source: string): string
export declare function usePathAliases(options: { root: string; write?: boolean; format?: boolean }): Promise<string[]>
