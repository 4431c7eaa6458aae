// Analytics, sent by the server only to visitors who allow analytics (never under Global Privacy Control).
// The first-party beacon counts this page view; Google Analytics 4 runs when the site has a measurement id.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }

  var hit = script.getAttribute("data-hit");
  var ga = script.getAttribute("data-ga");

  if (ga) {
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () { window.dataLayer.push(arguments); };
    // Consent Mode: everything denied before any config, so nothing is stored until the update below;
    // wait_for_update holds the first hits until it arrives.
    window.gtag("consent", "default", {
      ad_storage: "denied",
      ad_user_data: "denied",
      ad_personalization: "denied",
      analytics_storage: "denied",
      wait_for_update: 500
    });
    window.gtag("js", new Date());
    window.gtag("config", ga);
    // The server sent this script because the visitor allowed analytics: grant analytics storage (ads stay denied).
    window.gtag("consent", "update", { analytics_storage: "granted" });
    var tag = document.createElement("script");
    tag.async = true;
    tag.src = "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(ga);
    document.head.appendChild(tag);
  }

  if (hit && window.fetch && window.URLSearchParams) {
    var data = new URLSearchParams();
    data.set("path", script.getAttribute("data-path") || "");
    data.set("culture", script.getAttribute("data-culture") || "");
    data.set("referrer", document.referrer || "");
    fetch(hit, { method: "POST", body: data, credentials: "same-origin", keepalive: true }).catch(function () { });
  }

  // A withdrawal saved without a reload (consent.js): stop Google Analytics on this page at once and drop its
  // cookies here too; the server deletes them on its answer, and later pages no longer carry this script.
  document.addEventListener("isoc:consent", function (event) {
    var granted = (event.detail && event.detail.granted) || [];
    if (granted.indexOf("analytics") >= 0 || !ga) {
      return;
    }

    window["ga-disable-" + ga] = true;
    window.gtag("consent", "update", { analytics_storage: "denied" });
    var host = location.hostname;
    document.cookie.split(";").forEach(function (pair) {
      var name = pair.split("=")[0].trim();
      if (/^(_ga|_ga_.*|_gid|_gat.*)$/.test(name)) {
        var expired = name + "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/";
        document.cookie = expired;
        document.cookie = expired + "; domain=" + host;
        document.cookie = expired + "; domain=." + host.split(".").slice(-2).join(".");
      }
    });
  });
})();
