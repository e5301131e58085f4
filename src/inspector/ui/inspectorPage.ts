// The page the standalone server (any door, through the control API) sends for GET /_emulator/ui:
// one HTML document with the stylesheet and the inspector's script inline. It reaches the control
// API beside it with the page's own fetch; its policy allows nothing else (no CDN, no other origin).
import { inspectorApp } from './inspectorApp.ts'
import { inspectorStyle } from './inspectorStyle.ts'

/** No script, style, image or connection from anywhere but the page itself and its own origin. */
export const inspectorPagePolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'"

let page: string | undefined

export function inspectorPage(): string {
  if (page !== undefined) return page
  // The script starts the app over the control API the page was served from (/…/_emulator/ui).
  // Lines left blank by type stripping are dropped (the app has no multi-line string to change).
  const app = inspectorApp.toString().replace(/^[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n')
  const start = `(${app})(document.getElementById('inspector'), {
  base: location.pathname.replace(/\\/ui\\/?$/, ''),
  fetch: (url, init) => fetch(url, init),
  rememberToken: true,
})`
  page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>image-api-emulator inspector</title>
<style>html, body, #inspector { height: 100%; margin: 0; }${inspectorStyle}</style>
</head>
<body>
<div id="inspector"></div>
<script type="module">
${start}
</script>
</body>
</html>
`
  return page
}
