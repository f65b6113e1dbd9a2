// V8's compiled code for the built core (dist/main/*.cjs), kept between starts of browser mode.
// Node compiles every script it loads from source; for the few megabytes of the core's bundles
// (typeorm, fastify, zod and the app) that is half the CPU time of a start, and on a loaded machine
// the login page waits for it. With the code of the last start at hand V8 skips that work. A cache
// is named after its script's modification time, so a script built again never meets the code of
// the one before (V8 itself checks only the length); one made by another V8 is rejected and written
// again. The folder sits in dist/main, so a new build empties it. Node 22 has this built in
// (module.enableCompileCache), which is used where it exists.
const Module = require('node:module');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');
const vm = require('node:vm');

/** Loads dist/main/*.cjs through the cache in `cacheDir`; returns a function that saves what was compiled anew. */
exports.useCompileCache = (distMain, cacheDir = join(distMain, '.compile-cache')) => {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(cacheDir);
    return () => undefined;
  }
  const fresh = [];
  const compile = Module.prototype._compile;
  const compileCached = (mod, content, filename) => {
    const cacheFile = join(cacheDir, `${basename(filename)}.${Math.round(statSync(filename).mtimeMs)}.v8`);
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // no cache yet: compiled from source and saved afterwards
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (!cachedData || script.cachedDataRejected) fresh.push({ script, cacheFile });
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return script.runInThisContext({ displayErrors: true }).call(mod.exports, mod.exports, require, mod, filename, dirname(filename));
  };
  Module.prototype._compile = function (content, filename) {
    if (dirname(filename) !== distMain || !filename.endsWith('.cjs')) return compile.call(this, content, filename);
    return compileCached(this, content, filename);
  };
  // after the start, so that the cache holds the functions the start ran too
  return () => {
    for (const { script, cacheFile } of fresh.splice(0)) {
      try {
        mkdirSync(cacheDir, { recursive: true });
        const temp = `${cacheFile}.${process.pid}`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile);
      } catch {
        // a read-only install starts as before, compiling from source
      }
    }
  };
};
