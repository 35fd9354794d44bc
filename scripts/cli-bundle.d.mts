/** Types for cli-bundle.mjs (plain JavaScript so that it runs before anything is installed). */
export declare const ROOT: string;
export declare const BUNDLE_DIR: string;
export declare const BUNDLE_ENTRY: string;
export type BundleState = 'fresh' | 'stale' | 'missing' | 'installed';
export declare function sourceState(root?: string): { newest: number; files: number };
export declare function bundleState(root?: string): BundleState;
export declare function buildCliBundle(): Promise<void>;
