/*
 * Atalaya beacon: once the page is idle, fetches three tiny objects (IPv4-only, IPv6-only and
 * dual-stack host names) to count, per network and day, how many visitors can use IPv6 and prefer
 * it. No cookie, no identifier; the server keeps counts only. It does nothing when the browser
 * sends Do Not Track or Global Privacy Control, or when the embedding site says
 * data-atalaya-beacon="off" on this script tag (or sets window.atalayaBeaconOff = true).
 * data-atalaya-auto="off" loads it without running: window.atalayaBeacon.run(callback) runs one
 * test and calls back with its outcome (what Atalaya's own "test my connection" page does).
 */
(() => {
  var w = window,
    n = navigator,
    d = document,
    me = d.currentScript;
  if (!me || me.getAttribute("data-atalaya-beacon") === "off" || w.atalayaBeaconOff) return;
  var base = new URL(me.src, location.href).origin;

  function post(url, body) {
    var o = { method: "POST", credentials: "omit", cache: "no-store" };
    if (body) {
      o.headers = { "content-type": "text/plain" };
      o.body = body;
    }
    return fetch(url, o).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))));
  }

  /** One test: callback(outcome) with the test's outcome, or callback(null, error). */
  function run(callback) {
    callback = callback || (() => {});
    post(`${base}/api/v1/beacon/tests`)
      .then((test) => {
        var times = {};
        // The fetches' own deadline leaves the report a second inside the window.
        var wait = Math.max(1000, test.windowMs - 1000);
        return Promise.all(
          ["ipv4", "ipv6", "dual"].map((kind) => {
            var stop = new AbortController(),
              started = performance.now();
            var timer = setTimeout(() => {
              stop.abort();
            }, wait);
            var o = { credentials: "omit", cache: "no-store", signal: stop.signal };
            return fetch(test.fetches[kind], o)
              .then((r) => {
                // Headers are in: the time to first byte, connection set-up included.
                if (r.ok) times[kind] = Math.round(performance.now() - started);
                return r.text();
              })
              .catch(() => {})
              .then(() => {
                clearTimeout(timer);
              });
          }),
        )
          .then(() => post(base + test.report, JSON.stringify(times)))
          .then((outcome) => {
            outcome.token = test.token;
            callback(outcome);
          });
      })
      .catch((error) => {
        callback(null, error);
      });
  }

  w.atalayaBeacon = { run: run, base: base };
  if (me.getAttribute("data-atalaya-auto") === "off") return;
  if (n.doNotTrack === "1" || w.doNotTrack === "1" || n.globalPrivacyControl === true) return;
  var idle =
    w.requestIdleCallback ||
    ((f) => {
      setTimeout(f, 1500);
    });
  function later() {
    idle(() => {
      run();
    });
  }
  if (d.readyState === "complete") later();
  else w.addEventListener("load", later);
})();
