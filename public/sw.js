// Roundtrip's service worker: keeps the app shell (index.html, the wasm, JS and CSS) so an
// installed tablet starts without a network. API answers are never cached here: personal
// data lives only in IndexedDB, masked, and is wiped at sign-out.
const SHELL = 'roundtrip-shell-v1';
// weak store Wi-Fi: after this long, the cached shell is better than waiting
const NAVIGATION_TIMEOUT_MS = 4000;
// The wasm chunks of pages loaded on demand (journeys, service desk, communities…), listed
// here at build time by scripts/stage-split.sh: kept at install, so an installed tablet opens
// them offline too.
const CHUNKS = [];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL)
      // a chunk that cannot be kept now is fetched (and kept) when its page first opens
      .then((cache) => Promise.all([cache.add('/'), ...CHUNKS.map((url) => cache.add(url).catch(() => {}))]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

// Every console route is the same index.html: fetch it fresh when the network answers in
// time (and keep that copy), otherwise serve the kept one.
async function navigate(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.ok) await cache.put('/', response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match('/');
    if (kept) return kept;
    throw error;
  }
}

// Trunk names assets by content hash, so a kept copy is always the right one.
async function asset(request) {
  const cache = await caches.open(SHELL);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (event.request.mode === 'navigate') {
    event.respondWith(navigate(event.request));
  } else if (url.pathname !== '/sw.js') {
    event.respondWith(asset(event.request));
  }
});
