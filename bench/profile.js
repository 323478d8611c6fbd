'use strict';
// Summarise a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per
// area (gateway code, each npm package, node internals, GC, idle), optionally only inside
// given time windows (CLOCK_MONOTONIC µs, the clock of process.hrtime in any process), and
// per request when the number of requests served in those windows is known. Lines of the
// gateway's compiled code are mapped back to the TypeScript sources via their .js.map.
//
//   node bench/profile.js FILE.cpuprofile [--top 30] [--windows windows.json]
//   node bench/profile.js FILE.heapprofile [--top 30] [--requests N]   (from --alloc-prof)
//   windows.json: [{"startUs": n, "endUs": n, "requests": n, "label": "..."}]
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function loadProfile(file) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Sample i covers the time until the next sample.
  const times = new Float64Array(p.samples.length);
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    times[i] = t;
  }
  return { p, byId, times };
}

// --- source maps (generated line -> original file:line), only what we need -------------
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));
function decodeVlq(str) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const ch of str) {
    const digit = B64_INDEX.get(ch);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >> 1) : value >> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}
const mapCache = new Map();
function sourceMapFor(jsFile) {
  if (mapCache.has(jsFile)) return mapCache.get(jsFile);
  let result = null;
  try {
    const map = JSON.parse(fs.readFileSync(`${jsFile}.map`, 'utf8'));
    const lines = [];
    let src = 0;
    let origLine = 0;
    for (const line of map.mappings.split(';')) {
      let first = null;
      for (const seg of line.split(',')) {
        if (!seg) continue;
        const v = decodeVlq(seg);
        if (v.length >= 4) {
          src += v[1];
          origLine += v[2];
          if (first === null) first = { src, line: origLine };
        }
      }
      lines.push(first);
    }
    const dir = path.dirname(jsFile);
    result = { lines, sources: map.sources.map((s) => path.relative(ROOT, path.resolve(dir, map.sourceRoot || '', s))) };
  } catch {
    result = null;
  }
  mapCache.set(jsFile, result);
  return result;
}

function fileOf(url) {
  if (!url) return '';
  return url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
}

/** Where a function lives: 'gateway', an npm package name, 'node:internal', or a VM pseudo-node. */
function areaOf(frame) {
  const name = frame.functionName;
  const url = fileOf(frame.url);
  if (!url) {
    if (name.startsWith('(')) return name; // (garbage collector), (idle), (program), (root)
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm:')) return 'wasm (undici llhttp)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (isGatewayCode(url)) return 'gateway';
  return path.relative(ROOT, url);
}

/** Compiled gateway code: dist/ or the bench's private build (bench/.build). */
function isGatewayCode(url) {
  return !url.includes('/node_modules/') && (url.includes('/dist/') || url.includes('/bench/.build/'));
}

function locationOf(frame) {
  const url = fileOf(frame.url);
  if (!url) return '';
  if (isGatewayCode(url)) {
    const map = sourceMapFor(url);
    const hit = map && map.lines[frame.lineNumber];
    if (hit) return `${map.sources[hit.src].replace(/^bench\/\.src\//, '')}:${hit.line + 1}`;
  }
  if (url.startsWith('node:')) return `${url}:${frame.lineNumber + 1}`;
  const nm = url.lastIndexOf('/node_modules/');
  return `${nm !== -1 ? url.slice(nm + 14) : path.relative(ROOT, url)}:${frame.lineNumber + 1}`;
}

/**
 * Self time per function and area inside the windows (all of the profile when none).
 * Returns {totalUs, busyUs, requests, functions: [...], areas: [...]}, sorted by self time.
 */
function summarise(file, windows) {
  const { p, byId, times } = loadProfile(file);
  const inWindow = windows && windows.length ? (ts) => windows.some((w) => ts >= w.startUs && ts < w.endUs) : () => true;
  const fn = new Map();
  const areas = new Map();
  let totalUs = 0;
  let busyUs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const ts = times[i];
    if (!inWindow(ts)) continue;
    const dur = i + 1 < p.samples.length ? p.timeDeltas[i + 1] : 0;
    if (dur <= 0) continue;
    const node = byId.get(p.samples[i]);
    const frame = node.callFrame;
    totalUs += dur;
    if (frame.functionName !== '(idle)') busyUs += dur;
    const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;
    let e = fn.get(key);
    if (!e) fn.set(key, (e = { name: frame.functionName || '(anonymous)', area: areaOf(frame), location: locationOf(frame), selfUs: 0 }));
    e.selfUs += dur;
    const area = e.area;
    areas.set(area, (areas.get(area) || 0) + dur);
  }
  const requests = windows && windows.length ? windows.reduce((s, w) => s + (w.requests || 0), 0) : 0;
  const functions = [...fn.values()].sort((a, b) => b.selfUs - a.selfUs);
  const areaList = [...areas.entries()].map(([area, selfUs]) => ({ area, selfUs })).sort((a, b) => b.selfUs - a.selfUs);
  return { totalUs, busyUs, requests, functions, areas: areaList, profileStartUs: p.startTime, profileEndUs: p.endTime };
}

function pct(a, b) {
  return b ? `${((100 * a) / b).toFixed(1)}%` : '-';
}

/** Markdown tables: top functions and areas by self time (µs per request when known). */
function toMarkdown(s, top = 25, title = 'CPU profile') {
  const perReq = (us) => (s.requests ? (us / s.requests).toFixed(2) : '-');
  const lines = [];
  lines.push(`#### ${title}`);
  lines.push('');
  lines.push(
    `Sampled time ${(s.totalUs / 1e6).toFixed(2)} s, busy (not idle) ${(s.busyUs / 1e6).toFixed(2)} s${s.requests ? `, ${s.requests} requests: ${perReq(s.busyUs)} µs busy per request` : ''}.`,
  );
  lines.push('');
  lines.push('| area | self time | share of busy | µs / request |');
  lines.push('|---|---:|---:|---:|');
  for (const a of s.areas.filter((x) => x.area !== '(idle)').slice(0, 15)) lines.push(`| ${a.area} | ${(a.selfUs / 1000).toFixed(0)} ms | ${pct(a.selfUs, s.busyUs)} | ${perReq(a.selfUs)} |`);
  lines.push('');
  lines.push('| # | function | where | area | self time | share of busy | µs / request |');
  lines.push('|---:|---|---|---|---:|---:|---:|');
  s.functions
    .filter((f) => f.name !== '(idle)')
    .slice(0, top)
    .forEach((f, i) => lines.push(`| ${i + 1} | \`${f.name}\` | ${f.location || ''} | ${f.area} | ${(f.selfUs / 1000).toFixed(0)} ms | ${pct(f.selfUs, s.busyUs)} | ${perReq(f.selfUs)} |`));
  lines.push('');
  return lines.join('\n');
}

/** Bytes allocated per function and area in a sampling heap profile (.heapprofile). */
function summariseHeap(file, requests) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fn = new Map();
  const areas = new Map();
  let total = 0;
  const walk = (node) => {
    const frame = node.callFrame;
    if (node.selfSize) {
      const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;
      let e = fn.get(key);
      if (!e) fn.set(key, (e = { name: frame.functionName || '(anonymous)', area: areaOf(frame), location: locationOf(frame), bytes: 0 }));
      e.bytes += node.selfSize;
      areas.set(e.area, (areas.get(e.area) || 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const c of node.children || []) walk(c);
  };
  walk(profile.head);
  return {
    total,
    requests,
    functions: [...fn.values()].sort((a, b) => b.bytes - a.bytes),
    areas: [...areas.entries()].map(([area, bytes]) => ({ area, bytes })).sort((a, b) => b.bytes - a.bytes),
  };
}

function heapToMarkdown(h, top = 25, title = 'Allocations') {
  const perReq = (b) => (h.requests ? `${(b / h.requests / 1024).toFixed(2)} KB` : '-');
  const lines = [`#### ${title}`, '', `Allocated ${(h.total / 2 ** 20).toFixed(0)} MB${h.requests ? ` for ${h.requests} requests: ${perReq(h.total)} per request` : ''} (sampled).`, ''];
  lines.push('| area | allocated | share | per request |', '|---|---:|---:|---:|');
  for (const a of h.areas.slice(0, 15)) lines.push(`| ${a.area} | ${(a.bytes / 2 ** 20).toFixed(1)} MB | ${pct(a.bytes, h.total)} | ${perReq(a.bytes)} |`);
  lines.push('', '| # | function | where | area | allocated | share | per request |', '|---:|---|---|---|---:|---:|---:|');
  h.functions.slice(0, top).forEach((f, i) => lines.push(`| ${i + 1} | \`${f.name}\` | ${f.location || ''} | ${f.area} | ${(f.bytes / 2 ** 20).toFixed(1)} MB | ${pct(f.bytes, h.total)} | ${perReq(f.bytes)} |`));
  lines.push('');
  return lines.join('\n');
}

module.exports = { summarise, toMarkdown, summariseHeap, heapToMarkdown };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: node bench/profile.js FILE.cpuprofile [--top N] [--windows windows.json]');
    process.exit(2);
  }
  const opt = (name) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  if (file.endsWith('.heapprofile')) {
    console.log(heapToMarkdown(summariseHeap(file, Number(opt('--requests') || 0)), Number(opt('--top') || 30), path.basename(file)));
  } else {
    const windows = opt('--windows') ? JSON.parse(fs.readFileSync(opt('--windows'), 'utf8')) : null;
    console.log(toMarkdown(summarise(file, windows), Number(opt('--top') || 30), path.basename(file)));
  }
}
