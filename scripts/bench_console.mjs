// Turns end2end/bench's .bench/console.json into table rows and checks the console budgets;
// exits 1 when one is broken (the bench command fails, never the tests).
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const rows = [
  ['cold first load to the customer list', r.cold_load_to_list_ms],
  ['cold first load to the list (weak Wi-Fi: 300 ms RTT, 2 Mbit/s)', r.cold_load_weak_wifi_ms],
  ['installed tablet (shell in the service worker) to the list, same weak Wi-Fi', r.installed_load_weak_wifi_ms],
  ['profile from the network (loopback)', r.profile_from_network_lan_ms],
  ['profile from the network (weak Wi-Fi: 300 ms RTT, 2 Mbit/s)', r.profile_from_network_weak_wifi_ms],
  ['profile from the IndexedDB cache (same weak Wi-Fi)', r.profile_from_cache_weak_wifi_ms],
  ['customer list: filter or search to list drawn', r.list_filter_ms],
];
const ms = (v) => v.toFixed(1);
console.log('\n| console (headless Chromium) | runs | p50 ms | p95 ms | max ms |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, s] of rows) console.log(`| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`);
const long = r.long_tasks_scrolling;
console.log(`| long tasks while scrolling and paging 20 pages | ${long.count} | — | — | ${ms(long.max_ms)} |`);

let broken = false;
if (r.profile_from_cache_weak_wifi_ms.p95 >= 50) { console.error(`  !! budget broken: profile from cache p95 ${ms(r.profile_from_cache_weak_wifi_ms.p95)} ms >= 50 ms`); broken = true; }
if (r.cold_load_weak_wifi_ms.p50 > 2500) { console.error(`  !! budget broken: cold load over weak Wi-Fi p50 ${ms(r.cold_load_weak_wifi_ms.p50)} ms > 2500 ms`); broken = true; }
if (r.installed_load_weak_wifi_ms.p50 > 1200) { console.error(`  !! budget broken: installed load over weak Wi-Fi p50 ${ms(r.installed_load_weak_wifi_ms.p50)} ms > 1200 ms`); broken = true; }
if (long.max_ms > 100) { console.error(`  !! budget broken: a long task of ${ms(long.max_ms)} ms while scrolling > 100 ms`); broken = true; }
process.exit(broken ? 1 : 0);
