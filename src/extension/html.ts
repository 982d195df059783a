// The panel's HTML: a strict CSP (scripts only by nonce, styles only from the extension's own files,
// no 'unsafe-inline'), one stylesheet, one script. Pure, so the headless webview tests serve exactly it.
export interface PanelHtmlInput {
  nonce: string;
  /** webview.cspSource: the origin the webview serves the extension's files from */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  lang: string;
}

export function panelHtml({ nonce, cspSource, scriptUri, styleUri, lang }: PanelHtmlInput): string {
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${styleUri}">
<title>Dataset Geometry</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
