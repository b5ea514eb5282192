// The app's service worker: Angular's (ngsw-worker.js) with one addition. Angular's worker stops
// serving new pages from its caches once an update check fails other than by being offline (a
// manifest cut off mid-download, a 502 while a server restarts, a new version's file lost on the
// way), until the browser happens to restart it (angular/angular#31109). With no network the app then
// did not open. So when Angular's worker answers a GET with its "no network" reply (an empty 504),
// the answer comes from the phone's caches: for a page, the index.html of the version Angular's
// worker last installed in full. README: "The service worker".
(function () {
  'use strict';
  // Angular's worker names its caches 'ngsw:<scope path>:…'; its own records live in 'db:control'.
  var prefix = 'ngsw:' + new URL(self.registration.scope).pathname + ':';

  function latestVersion() {
    return caches
      .open(prefix + 'db:control')
      .then(function (control) {
        return control.match('/latest');
      })
      .then(function (record) {
        return record ? record.json() : {};
      })
      .then(function (record) {
        return typeof record.latest === 'string' ? record.latest : null;
      });
  }

  /** The first of the named caches that holds `request`, in order. */
  function firstMatch(names, request) {
    return names.reduce(function (found, name) {
      return found.then(function (response) {
        return (
          response ||
          caches.open(name).then(function (cache) {
            return cache.match(request, { ignoreVary: true });
          })
        );
      });
    }, Promise.resolve(undefined));
  }

  function fromCaches(request) {
    return Promise.all([latestVersion(), caches.keys()]).then(function (found) {
      var latest = found[0];
      var names = found[1];
      var installed = names.filter(function (name) {
        return latest !== null && name.indexOf(prefix + latest + ':assets:') === 0;
      });
      if (request.mode === 'navigate') {
        return firstMatch(installed, request).then(function (page) {
          return page || firstMatch(installed, new Request('/index.html'));
        });
      }
      // Files of the installed version first; then lesson media and downloaded programmes.
      return firstMatch(installed, request).then(function (file) {
        return file || caches.match(request, { ignoreVary: true });
      });
    });
  }

  function orFromCaches(request, answer) {
    return Promise.resolve(answer).then(function (response) {
      if (request.method !== 'GET' || response.status !== 504) return response;
      return fromCaches(request)
        .catch(function () {
          return undefined;
        })
        .then(function (cached) {
          return cached || response;
        });
    });
  }

  // Listeners run in the order they were added, on the same event: this one, added first, makes
  // Angular's respondWith() pass through orFromCaches.
  self.addEventListener('fetch', function (event) {
    var respondWith = event.respondWith.bind(event);
    event.respondWith = function (answer) {
      respondWith(orFromCaches(event.request, answer));
    };
  });

  importScripts('ngsw-worker.js');
})();
