// The app's service worker: Angular's (ngsw-worker.js) with one addition. Angular's worker stops
// serving new pages from its caches once an update check fails other than by being offline (a
// manifest cut off mid-download, a 502 while a server restarts, a new version's file lost on the
// way), until the browser happens to restart it (angular/angular#31109). With no network the app then
// did not open. So when Angular's worker answers a GET with its own "no network" reply (an empty 504
// it made itself), the answer comes from the phone's caches: an app page gets the index.html of the
// version Angular's worker names as its latest, if the files it starts from are on the phone.
// README: "The service worker".
(function () {
  'use strict';
  // Angular's worker names its caches 'ngsw:<scope path>:…' and keeps its records in 'db:control'.
  const scope = new URL(self.registration.scope);
  const prefix = `ngsw:${scope.pathname}:`;

  async function record(key) {
    const control = await caches.open(`${prefix}db:control`);
    const found = await control.match(`/${key}`);
    return found ? found.json() : null;
  }

  /** The version Angular's worker serves new pages from, as it recorded it: its hash and manifest. */
  async function latestVersion() {
    const [latest, manifests] = await Promise.all([record('latest'), record('manifests')]);
    const hash = latest?.latest;
    const manifest = typeof hash === 'string' ? manifests?.[hash] : undefined;
    return manifest ? { hash, manifest } : null;
  }

  /**
   * Every script and style the page names is on the phone, so the app can start from it (a first
   * install can stop half-way, after them).
   */
  async function startsFromPhone(version, page) {
    const named = (await page.clone().text()).matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g);
    for (const [, file] of named) if (!(await fromVersion(version, new Request(new URL(file, scope))))) return false;
    return true;
  }

  /** As Angular's worker decides (navigationUrls): /verify, /api/… and files are not app pages. */
  function isAppPage(version, url) {
    const path = url.pathname.slice(scope.pathname.length - 1);
    const specs = version.manifest.navigationUrls ?? [];
    const matches = (positive) => specs.some((spec) => spec.positive === positive && new RegExp(spec.regex).test(path));
    return matches(true) && !matches(false);
  }

  /** The first of the named caches that holds `request`. */
  async function firstIn(names, request) {
    for (const name of names) {
      const found = await (await caches.open(name)).match(request, { ignoreVary: true });
      if (found) return found;
    }
    return undefined;
  }

  function fromVersion(version, request) {
    return firstIn(
      (version.manifest.assetGroups ?? []).map((group) => `${prefix}${version.hash}:assets:${group.name}:cache`),
      request,
    );
  }

  async function fromCaches(request) {
    const version = await latestVersion();
    if (request.mode === 'navigate') {
      const url = new URL(request.url);
      if (!version || !isAppPage(version, url)) return undefined;
      const page = await fromVersion(version, new Request(new URL(version.manifest.index, scope)));
      return page && (await startsFromPhone(version, page)) ? page : undefined;
    }
    // The version's own files first; then lesson media and downloaded programmes, never Angular's
    // own records ('db:' caches, which hold such addresses as /latest).
    const others = (await caches.keys()).filter((name) => !name.startsWith(`${prefix}db:`));
    return (version && (await fromVersion(version, request))) || firstIn(others, request);
  }

  /** Angular's worker made this 504 itself (a response from a server is never of type 'default'). */
  function noNetwork(response) {
    return response.status === 504 && response.type === 'default';
  }

  async function orFromCaches(request, answer) {
    const response = await answer;
    if (request.method !== 'GET' || !noNetwork(response)) return response;
    const cached = await fromCaches(request).catch(() => undefined);
    return cached ?? response;
  }

  // Listeners run in the order they were added, on the same event: this one, added first, makes
  // Angular's respondWith() pass through orFromCaches.
  self.addEventListener('fetch', (event) => {
    const respondWith = event.respondWith.bind(event);
    event.respondWith = (answer) => respondWith(orFromCaches(event.request, answer));
  });

  importScripts('ngsw-worker.js');
})();
