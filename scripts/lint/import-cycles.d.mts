/** The source folders whose files must not import each other in a loop. */
export declare const sourceRoots: string[]
/** Every import loop among the source files under `root`, each a sorted array of repository-relative paths. */
export declare function findImportCycles(root: string): string[][]
