import type { Finding } from './findings.js';
import type { PageScan } from './page-scan.js';

/**
 * TeX left as text on the pages; and, when there is no build report to give the
 * build's own diagnostics, the KaTeX error markers the build left in the pages.
 */
export function mathFindings(scans: Map<string, PageScan>, haveBuildReport: boolean): Finding[] {
  const findings: Finding[] = [];
  for (const [page, scan] of scans) {
    for (const math of scan.unrenderedMath) {
      findings.push({
        severity: 'error',
        kind: 'unrendered-math',
        message: `Unrendered math: "${math.snippet}" is shown to readers as TeX source. Math in a raw HTML block, or with an unclosed or escaped delimiter, is not typeset: write it as $…$ or $$…$$ in Markdown text.`,
        page,
        // Escaped in Markdown (`\$x\$`, `\\(`), the text is meant literally: then no source has it unescaped.
        needles: math.needles.map((text) => ({ text, match: 'tex' as const })),
        mustBeInSource: true,
        htmlLine: math.htmlLine,
      });
    }
    if (haveBuildReport) continue;
    for (const error of scan.katexErrors) {
      findings.push({ severity: 'error', kind: 'math', message: error.message, source: error.tex, page, needles: [{ text: error.tex, match: 'anywhere' }], htmlLine: error.htmlLine });
    }
  }
  return findings;
}
