// Type declarations for packages that ship none (or unusable ones). Eleventy first.
declare module '@11ty/eleventy' {
  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    source?: 'cli' | 'script';
    runMode?: 'build' | 'watch' | 'serve';
    pathPrefix?: string;
    config?: (eleventyConfig: UserConfig) => void;
  }
  export interface UserConfig {
    [key: string]: any;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    write(): Promise<unknown>;
    toJSON(): Promise<Array<{ url: string; inputPath: string; outputPath: string; content: string }>>;
    init(): Promise<void>;
    watch(): Promise<void>;
    serve(port?: number): Promise<void>;
    setIsVerbose(verbose: boolean): void;
    setIncrementalBuild(incremental: boolean): void;
  }
  export const HtmlBasePlugin: (eleventyConfig: UserConfig, options?: Record<string, unknown>) => void;
  export const IdAttributePlugin: (eleventyConfig: UserConfig, options?: Record<string, unknown>) => void;
}

declare module '@11ty/eleventy-plugin-syntaxhighlight' {
  const plugin: (eleventyConfig: unknown, options?: Record<string, unknown>) => void;
  export default plugin;
}

// @types/markdown-it-footnote points at markdown-it's CommonJS types, which clash with the ESM ones.
declare module 'markdown-it-footnote' {
  import type { PluginSimple } from 'markdown-it';
  const footnote: PluginSimple;
  export default footnote;
}

declare module '@11ty/eleventy-img' {
  /** One output file, as Eleventy Image describes it. */
  export interface ImageFormatEntry {
    format: string;
    width: number;
    height: number;
    url: string;
    srcset: string;
    sourceType: string;
    filename?: string;
  }
  export type ImageMetadata = Record<string, ImageFormatEntry[]>;
  export default function eleventyImage(src: string | Buffer, options?: Record<string, unknown>): Promise<ImageMetadata>;
  export function generateHTML(metadata: ImageMetadata, attributes: Record<string, string | number>, options?: Record<string, unknown>): string;
}

// citation-js 0.8 ships JavaScript only: the parts Lemma uses (src/markdown/bibliography.ts, citation-format.ts).
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: object);
    data: unknown[];
  }
  export const plugins: { config: { get(name: string): unknown } };
  export const logger: { _log: unknown[] };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-csl';
