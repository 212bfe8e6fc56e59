// Writes .br and .gz beside each built asset (wasm, js, css), the wasm chunks' folder included,
// so the server sends the smallest encoding the browser accepts without compressing on every
// request (store Wi-Fi is weak). Prints one line per file, then the totals of the split chunks.
// Uses Node's own zlib: nothing to install.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const chunks = { files: 0, raw: 0, br: 0 };
for (const entry of readdirSync(dir, { recursive: true })) {
  const name = String(entry);
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const raw = readFileSync(join(dir, name));
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  writeFileSync(join(dir, `${name}.br`), br);
  writeFileSync(join(dir, `${name}.gz`), gzipSync(raw, { level: 9 }));
  if (name.startsWith('split-')) {
    Object.assign(chunks, { files: chunks.files + 1, raw: chunks.raw + raw.length, br: chunks.br + br.length });
  } else {
    console.log(`${name}: ${raw.length} B raw, ${br.length} B brotli`);
  }
}
if (chunks.files) console.log(`split chunks (${chunks.files} files, loaded on demand): ${chunks.raw} B raw, ${chunks.br} B brotli`);
