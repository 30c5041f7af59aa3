// bootstrap: installs what the build and the tests need when it is missing, and says
// what it does. Debian packages through apt-get (as root, or via sudo), npm packages
// through `npm ci`. Used by start, build, test and bench; safe to run repeatedly.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// What each need is checked by, and the Debian package that provides it.
const NEEDS = {
  // The wasm preset in CMakePresets.json names this toolchain file of Debian's emscripten.
  emscripten: { ok: () => onPath('em++') && existsSync('/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake'), pkg: 'emscripten' },
  cmake: { ok: () => onPath('cmake'), pkg: 'cmake' },
  // scripts/pack-core.mjs compresses the WASM binary with xz (LZMA) as the last build step.
  xz: { ok: () => onPath('xz'), pkg: 'xz-utils' },
  compiler: { ok: () => onPath('g++') && onPath('make'), pkg: 'g++ make' },
  gtest: { ok: () => existsSync('/usr/include/gtest/gtest.h'), pkg: 'libgtest-dev' },
  json: { ok: () => existsSync('/usr/include/nlohmann/json.hpp'), pkg: 'nlohmann-json3-dev' },
  // Boost.Multiprecision (header-only): the big integers of the exact region predicates.
  boost: { ok: () => existsSync('/usr/include/boost/multiprecision/cpp_int.hpp'), pkg: 'libboost-dev' },
  // clang with libFuzzer and AddressSanitizer, for the fuzz test of the region splitter.
  fuzzer: {
    ok: () => onPath('clang++') && existsSync(path.join(spawnSync('clang++', ['--print-runtime-dir'], { encoding: 'utf8' }).stdout?.trim() ?? '', 'libclang_rt.fuzzer-x86_64.a')),
    pkg: 'clang libclang-rt-14-dev',
  },
  chromium: { ok: () => existsSync('/usr/bin/chromium'), pkg: 'chromium' },
  // The export test runs the exported PyTorch scripts (tests/wasm/export_pytorch.test.mjs).
  torch: { ok: () => spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0, pkg: 'python3-torch' },
  // The browser tests also serve dist/ through a real static web server (tests/browser/static_hosts.test.mjs).
  nginx: { ok: () => existsSync('/usr/sbin/nginx'), pkg: 'nginx' },
  // Traditional Chinese glyphs for the screenshots of the zh page (Chromium draws boxes without).
  cjkfont: { ok: () => spawnSync('fc-list', [':lang=zh-tw'], { encoding: 'utf8' }).stdout?.trim().length > 0, pkg: 'fonts-noto-cjk' },
};

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return r.status ?? 1;
}

function aptInstall(packages) {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : onPath('sudo') ? ['sudo'] : null;
  if (!prefix) {
    throw new Error(`missing Debian packages: ${packages.join(' ')}. Install them as root: apt-get install ${packages.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => run(prefix[0] ?? 'apt-get', prefix.length ? ['apt-get', ...args] : args, { env });
  console.error(`[bootstrap] installing Debian packages: ${packages.join(' ')}`);
  if (apt('install', '-y', '-q', '--no-install-recommends', ...packages) !== 0) {
    apt('update', '-q');
    if (apt('install', '-y', '-q', '--no-install-recommends', ...packages) !== 0)
      throw new Error(`apt-get install ${packages.join(' ')} failed`);
  }
}

/** Installs the Debian packages for the given needs (names of NEEDS) that are missing. */
export function ensureSystem(needs) {
  const missing = needs.filter((n) => !NEEDS[n].ok()).flatMap((n) => NEEDS[n].pkg.split(' '));
  if (missing.length) aptInstall([...new Set(missing)]);
}

/** Runs `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules/.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error('[bootstrap] installing npm packages (npm ci)');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) throw new Error('npm ci failed');
}
