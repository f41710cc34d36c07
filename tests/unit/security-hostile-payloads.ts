// Hostile content for the "keep them closed" suite (issue 11): markup, script and style injection, javascript:
// links, CSS escapes, bidi overrides, zero-width characters, lone surrogates and very long strings. Each must show
// as the characters it is, execute nothing, and leave the overlay's layout alone. Shared by the unit suite
// (tests/unit/security-hostile.test.tsx) and the batched browser test (tests/e2e/hostile-content.spec.ts).

const BIG = 100_000;

export const HOSTILE_PAYLOADS: string[] = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<img src="x" onerror=window.__pwned=1 />',
  '<svg onload="window.__pwned=1"></svg>',
  '<svg><script>window.__pwned=1</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>',
  '<iframe src="javascript:window.__pwned=1"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<object data="javascript:window.__pwned=1"></object>',
  '<embed src="javascript:window.__pwned=1">',
  '<a href="javascript:window.__pwned=1">click</a>',
  'javascript:window.__pwned=1',
  'JaVaScRiPt:window.__pwned=1',
  ' javascript:window.__pwned=1',
  'java\tscript:window.__pwned=1',
  'data:text/html,<script>window.__pwned=1</script>',
  'vbscript:msgbox(1)',
  '<style>*{display:none!important}</style>',
  '<style>@import url(https://evil.example/x.css)</style>',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<div style="position:fixed;inset:0;z-index:2147483647;background:red">overlay</div>',
  '" style="position:fixed;inset:0" x="',
  "' onmouseover='window.__pwned=1' x='",
  '"><img src=x onerror=window.__pwned=1>',
  '</textarea><script>window.__pwned=1</script>',
  '</title><script>window.__pwned=1</script>',
  '<!--<img src=x onerror=window.__pwned=1>-->',
  '<![CDATA[<script>window.__pwned=1</script>]]>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<form action="https://evil.example"><input name=x></form>',
  '<details open ontoggle=window.__pwned=1>',
  '<body onload=window.__pwned=1>',
  '<video><source onerror="window.__pwned=1"></video>',
  '<template><img src=x onerror=window.__pwned=1></template>',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '\\3c script\\3e window.__pwned=1\\3c /script\\3e',
  'expression(window.__pwned=1)',
  'url("javascript:window.__pwned=1")',
  '\\0000a0\\00003c\\00003e',
  'x\u202Egnp.exe',
  '\u202Eevil\u202C RTL \u2067isolate\u2069',
  '\u200F\u200E\u061C mixed bidi marks',
  'zero\u200Bwidth\u200Cjoin\u200Dand\uFEFFbom',
  '\u2060\u2061\u2062\u2063\u2064 invisible operators',
  'lone high \uD800 surrogate',
  'lone low \uDC00 surrogate',
  '\uDFFF\uD800 reversed pair',
  'emoji 👩‍👩‍👧‍👦 and \u{1F600}',
  'Z̸̢̛̤̯͎̜̠̻̥̬̙̜̀̈́̉̈̊̈́͑̕͠a̶̡̭͈̖̫̺̓̓̌l̵̢̛̜̣̜̺̈́̐g̷o̶',
  'ﷺ'.repeat(200),
  'W'.repeat(2000),
  'a.'.repeat(BIG / 2),
  '<b>'.repeat(BIG / 3),
  'x'.repeat(BIG),
  'word '.repeat(BIG / 5),
  '\n'.repeat(5000) + 'after many lines',
  '\u0000nul\u0007bell\u001bescape',
  '%3Cscript%3Ewindow.__pwned=1%3C/script%3E',
  '&lt;script&gt;window.__pwned=1&lt;/script&gt;',
  '&#x3C;img src=x onerror=window.__pwned=1&#x3E;',
  '__proto__',
  'constructor',
];

/** Characters a text node keeps as given (HTML parsing would change NUL and lone surrogates; text nodes do not). */
export const displayed = (s: string) => s;

/** A short, unique label for each payload (logs and test names). */
export const payloadName = (s: string, i: number) => `#${i} ${JSON.stringify(s.slice(0, 40))}${s.length > 40 ? `… (${s.length})` : ''}`;
